/** Variation numbers (SKUs) by variation id, many ids per call. */
import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../paging.js';
import { envelopeOf, int, str } from '../schemas/common.js';
import type { PlentyTransport } from '../transport.js';

/** The part of a `/rest/pim/variations` entry this call reads: the id and `base.number`. */
const pimNumberSchema = z.looseObject({ id: int, base: z.looseObject({ number: str }) });

/**
 * Numbers of the given variations through `/rest/pim/variations?ids=…` (the PIM search takes up to 500
 * ids; a page holds 250), so N ids cost ceil(N / 250) calls. Ids PlentyONE does not know are absent
 * from the answer.
 */
export async function variationNumbers(t: PlentyTransport, ids: readonly number[], signal?: AbortSignal): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  const out = new Map<number, string>();
  for (let start = 0; start < unique.length; start += MAX_PAGE_SIZE) {
    const chunk = unique.slice(start, start + MAX_PAGE_SIZE);
    const answer = await t.request('GET', '/rest/pim/variations', {
      query: { ids: chunk.join(','), itemsPerPage: MAX_PAGE_SIZE, page: 1 },
      schema: envelopeOf(pimNumberSchema),
      signal,
    });
    for (const v of answer.entries) out.set(v.id, v.base.number);
  }
  return out;
}
