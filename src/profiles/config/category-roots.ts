import { z } from 'zod';
import { positiveId } from './ids.js';
import { requireUnique } from './unique.js';

/**
 * Magento root category ↔ PlentyONE category under which the tree lives. Without a PlentyONE id the
 * tree sits at PlentyONE's top level. One-to-one: each side appears once.
 */
export const categoryRootRowSchema = z
  .strictObject({
    magentoRootId: positiveId('Magento root category id'),
    plentyCategoryId: positiveId('PlentyONE category id')
      .optional()
      .describe('PlentyONE category the tree hangs under; absent: PlentyONE top level.'),
  })
  .describe('One Magento root category and its PlentyONE counterpart.');

export const categoryRootsSchema = z
  .array(categoryRootRowSchema, {
    error: (i) => (i.code === 'invalid_type'
      ? 'rootMapping is a list of rows such as [{"magentoRootId": 2, "plentyCategoryId": 16}]'
      : undefined),
  })
  .superRefine((rows, ctx) => {
    requireUnique(rows, (r) => r.magentoRootId, ctx, { field: 'magentoRootId' },
      (id, first) => `Magento root ${id} is already mapped in row ${first}; keep one row per root`);
    requireUnique(rows, (r) => (r.plentyCategoryId ?? 'top level'), ctx, { field: 'plentyCategoryId' },
      (id, first) => `PlentyONE category ${id} is already used in row ${first}; each PlentyONE category takes one Magento root`);
  })
  .describe('Magento root category ↔ PlentyONE category.');

export type CategoryRootRow = z.infer<typeof categoryRootRowSchema>;

export const categoryRootsMissing =
  'Map at least one Magento root category to a PlentyONE category (or the top level) under rootMapping.';
