/**
 * PlentyONE's bulk variation routes (sales prices, category links …) take at most 50 rows a call and
 * answer `{success, failed}`, each keyed by the row's index in the request (OpenAPI example of
 * `/rest/items/variations/variation_sales_prices`): one refused row does not stop the others. PHP
 * serialises an empty part as `[]`, a filled one as an object, so both are read.
 */
import { z } from 'zod';
import type { PlentyTransport } from '../transport.js';

/** Documented limit of the bulk variation routes. */
export const BULK_LIMIT = 50;

const keyed = <T extends z.ZodType>(value: T) =>
  z.union([z.record(z.string(), value), z.array(value).transform((list) => Object.fromEntries(list.entries()))]);

export const bulkAnswerSchema = z.looseObject({
  success: keyed(z.unknown()).optional(),
  failed: keyed(z.union([z.array(z.string()), z.string().transform((m) => [m])])).optional(),
});

/** A row PlentyONE refused, with its reasons. */
export interface BulkFailure<Row> { row: Row; messages: string[] }

/** Sends `rows` in calls of at most 50 and returns the rows PlentyONE refused (the others were written). */
export async function sendBulk<Row>(
  t: PlentyTransport,
  method: 'POST' | 'PUT',
  route: string,
  rows: readonly Row[],
  signal?: AbortSignal,
): Promise<BulkFailure<Row>[]> {
  const failures: BulkFailure<Row>[] = [];
  for (let i = 0; i < rows.length; i += BULK_LIMIT) {
    const chunk = rows.slice(i, i + BULK_LIMIT);
    const answer = await t.request(method, route, { body: chunk, schema: bulkAnswerSchema, idempotent: method === 'PUT', signal });
    for (const [index, messages] of Object.entries(answer.failed ?? {})) {
      const row = chunk[Number(index)];
      // A key that names no row of the call cannot be pinned on one: every row of the call is suspect.
      if (row === undefined) failures.push(...chunk.map((r) => ({ row: r, messages })));
      else failures.push({ row, messages });
    }
  }
  return failures;
}
