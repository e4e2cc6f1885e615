/**
 * Reads of the item import: PIM variation search with relations (one call per 250 variations, every
 * relation in the same answer), attributes with their values and names per language, and the download
 * of an item image from its storage URL (PlentyONE's CDN, outside `/rest`: no token, no call budget).
 */
import { z } from 'zod';
import { PermanentApiError, TransientApiError, isTransientStatus } from '../../errors.js';
import { scan } from '../paging.js';
import type { PageOptions, Scan } from '../paging.js';
import { imageNameSchema, plentyAttributeSchema, plentyAttributeValueSchema, pimVariationSchema } from '../schemas/pim.js';
import type { ImageName, PimVariation, PlentyAttribute, PlentyAttributeValue } from '../schemas/pim.js';
import { int } from '../schemas/common.js';
import type { PlentyTransport } from '../transport.js';
import { between } from './time.js';
import type { Timestamp } from './time.js';

export interface PimQuery extends PageOptions {
  with?: readonly string[];
  /** At most 500 per call (documented). */
  ids?: readonly number[];
  itemIds?: readonly number[];
  isActive?: boolean;
  updatedAt?: { from: Timestamp; to?: Timestamp };
  relatedUpdatedAt?: { from: Timestamp; to?: Timestamp };
  /** Further documented filters of the route by name (`anyClientId`, `anyMarketId`, `itemType`, `flag1` …). */
  filters?: Readonly<Record<string, string | number | boolean | readonly (string | number)[]>>;
}

/** Largest id list of `ids` the route takes. */
export const PIM_IDS_LIMIT = 500;

export interface ImageFile {
  bytes: Uint8Array;
  /** From the answer's content type, e.g. `image/jpeg`. */
  mimeType: string;
}

export function pimCalls(t: PlentyTransport, fetchImpl: typeof fetch = fetch) {
  return {
    /** Variations in item order (`sortBy=itemId_asc,id_asc`), so an item's variations come together. */
    variations(q: PimQuery = {}): Scan<PimVariation> {
      return scan(t, '/rest/pim/variations', pimVariationSchema, {
        ...q,
        query: {
          ...q.filters,
          with: q.with,
          ids: q.ids,
          itemIds: q.itemIds,
          isActive: q.isActive,
          updatedAt: q.updatedAt && between(q.updatedAt),
          relatedUpdatedAt: q.relatedUpdatedAt && between(q.relatedUpdatedAt),
          sortBy: 'itemId_asc,id_asc',
        },
      });
    },

    /** Ids of items updated since `since` (their texts, images or item fields), 250 per call. */
    async itemsUpdatedSince(since: Timestamp, signal?: AbortSignal): Promise<number[]> {
      const ids: number[] = [];
      for await (const item of scan(t, '/rest/items', z.looseObject({ id: int }), { query: { updatedBetween: between({ from: since }) }, signal })) ids.push(item.id);
      return ids;
    },

    /** Every attribute with its names per language (a handful of calls; read once per run). */
    async attributes(signal?: AbortSignal): Promise<PlentyAttribute[]> {
      const out: PlentyAttribute[] = [];
      for await (const a of scan(t, '/rest/items/attributes', plentyAttributeSchema, { query: { with: ['names'] }, signal })) out.push(a);
      return out;
    },

    async attributeValues(attributeId: number, signal?: AbortSignal): Promise<PlentyAttributeValue[]> {
      const out: PlentyAttributeValue[] = [];
      const values = scan(t, '/rest/items/attributes/{attributeId}/values', plentyAttributeValueSchema, { path: { attributeId }, query: { with: ['names'] }, signal });
      for await (const v of values) out.push(v);
      return out;
    },

    /** An image's names and alternative texts per language (one call per image; the PIM answer has none). */
    imageNames: (itemId: number, imageId: number, signal?: AbortSignal): Promise<ImageName[]> =>
      t.request('GET', '/rest/items/{id}/images/{imageId}/names', { path: { id: itemId, imageId }, schema: z.array(imageNameSchema), signal }),

    /** Downloads an image file; a refusal (404 …) is permanent, a server error or no answer transient. */
    async downloadImage(url: string, signal?: AbortSignal): Promise<ImageFile> {
      const route = 'GET image storage';
      let answer: Response;
      try {
        answer = await fetchImpl(url, { signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(30_000)]) : AbortSignal.timeout(30_000) });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new TransientApiError(`The image ${url} could not be downloaded: ${(error as Error).message}`, { system: 'plenty', route, cause: error });
      }
      if (!answer.ok) {
        const details = { system: 'plenty' as const, route, status: answer.status };
        const message = `The image ${url} could not be downloaded: the storage answered ${answer.status}`;
        throw isTransientStatus(answer.status) ? new TransientApiError(message, details) : new PermanentApiError(message, details);
      }
      return { bytes: new Uint8Array(await answer.arrayBuffer()), mimeType: (answer.headers.get('content-type') ?? 'image/jpeg').split(';')[0]!.trim() };
    },
  };
}

export type PimCalls = ReturnType<typeof pimCalls>;
