/** Public surface of the deterministic sandbox data generator. */
export type * from './types.js';
export { Catalog, createCatalog, STORE_VIEWS, MAX_VARIATIONS } from './catalog.js';
export { ATTRIBUTES, COLOR, SIZE } from './attributes.js';
export { WAREHOUSES, MSI_SOURCES } from './inventory.js';
export { LANGUAGES } from './vocabulary.js';
export {
  VARIATION_SKU_PREFIX,
  CONFIGURABLE_SKU_PREFIX,
  variationSku,
  configurableSku,
  parseVariationSku,
  parseConfigurableSku,
} from './sku.js';
export { ean13CheckDigit, ean13For, isValidEan13 } from './ean.js';
export {
  VARIATION_ID_OFFSET,
  ITEM_ID_OFFSET,
  CATEGORY_ID_OFFSET,
  variationIdOf,
  itemIdOf,
  categoryIdOf,
  variationIndexOfId,
  itemIndexOfId,
  categoryIndexOfId,
} from './ids.js';
export { incrementIdOf, orderIndexOfIncrementId, PAYMENT_METHODS } from './orders.js';
export { epochForSeed, toMagentoDate, toPlentyDate, HISTORY_WINDOW_MS } from './time.js';
export { Rng, hash3, normalizeSeed } from './prng.js';
export { round2, netOf } from './money.js';
