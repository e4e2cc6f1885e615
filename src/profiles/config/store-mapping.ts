import { z } from 'zod';
import { language, plentyId, referrerId, storeViewCode } from './ids.js';
import { requireUnique } from './unique.js';

/**
 * Rows of Magento store view → PlentyONE client (plentyId) + language (+ referrer for orders). A store
 * view appears once; several store views may share a plentyId (one per language).
 */
export const storeMappingRowSchema = z
  .strictObject({
    storeView: storeViewCode(),
    plentyId: plentyId(),
    language: language().default('de'),
    referrerId: referrerId()
      .optional()
      .describe('PlentyONE referrer (order origin) for orders of this store view, e.g. "1" for the own web shop; falls back to the profile default.'),
  })
  .describe('One Magento store view and the PlentyONE client and language it corresponds to.');

export const storeMappingSchema = z
  .array(storeMappingRowSchema, {
    error: (i) => (i.code === 'invalid_type'
      ? 'storeMapping is a list of rows such as [{"storeView": "default", "plentyId": 1234, "language": "de"}]'
      : undefined),
  })
  .superRefine((rows, ctx) => {
    requireUnique(rows, (r) => r.storeView, ctx, { field: 'storeView' },
      (code, first) => `store view "${code}" is already mapped in row ${first}; keep one row per store view`);
  })
  .describe('Magento store view → PlentyONE client (plentyId) and language.');

export type StoreMappingRow = z.infer<typeof storeMappingRowSchema>;

export const storeMappingMissing =
  'Map at least one Magento store view to a PlentyONE client (plentyId) under storeMapping.';

/**
 * For cross-field checks: each listed store view must appear in the store mapping (a filter on an
 * unmapped store view would never match anything, which is almost certainly a typo).
 */
export function requireMappedStoreViews(
  storeViews: readonly string[],
  mapping: readonly StoreMappingRow[],
  ctx: z.RefinementCtx,
  at: PropertyKey[],
): void {
  const mapped = new Set(mapping.map((r) => r.storeView));
  storeViews.forEach((code, index) => {
    if (!mapped.has(code)) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, index],
        message: `store view "${code}" is not in storeMapping; add a storeMapping row for it or remove it here`,
      });
    }
  });
}
