/**
 * PlentyONE-side ids derived from generator indexes. They differ from Magento entity ids on purpose:
 * as in a real setup, only the SKU (= variation number) links the two systems.
 */
export const VARIATION_ID_OFFSET = 1000;
export const ITEM_ID_OFFSET = 100;
export const CATEGORY_ID_OFFSET = 10;

export const variationIdOf = (variationIndex: number): number => VARIATION_ID_OFFSET + variationIndex;
export const itemIdOf = (itemIndex: number): number => ITEM_ID_OFFSET + itemIndex;
export const categoryIdOf = (categoryIndex: number): number => CATEGORY_ID_OFFSET + categoryIndex;

/** Inverse of variationIdOf; does not check the upper bound (use catalog.variationCount). */
export function variationIndexOfId(variationId: number): number | undefined {
  const i = variationId - VARIATION_ID_OFFSET;
  return Number.isInteger(i) && i >= 0 ? i : undefined;
}

export function itemIndexOfId(itemId: number): number | undefined {
  const i = itemId - ITEM_ID_OFFSET;
  return Number.isInteger(i) && i >= 0 ? i : undefined;
}

export function categoryIndexOfId(categoryId: number): number | undefined {
  const i = categoryId - CATEGORY_ID_OFFSET;
  return Number.isInteger(i) && i >= 0 ? i : undefined;
}
