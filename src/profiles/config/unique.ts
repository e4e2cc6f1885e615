import type { z } from 'zod';

/**
 * Reports every row whose key repeats an earlier row's key, at the repeating row (`[...at, index,
 * field]`), so the merchant sees which entry to remove or change.
 */
export function requireUnique<Row>(
  rows: readonly Row[],
  keyOf: (row: Row) => string | number | undefined,
  ctx: z.RefinementCtx,
  where: { at?: PropertyKey[]; field: string },
  message: (key: string | number, firstIndex: number) => string,
): void {
  const seen = new Map<string | number, number>();
  rows.forEach((row, index) => {
    const key = keyOf(row);
    if (key === undefined) return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else ctx.addIssue({ code: 'custom', path: [...(where.at ?? []), index, where.field], message: message(key, first) });
  });
}
