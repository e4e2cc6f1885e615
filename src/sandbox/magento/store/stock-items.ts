/**
 * The legacy stock item's own settings (CatalogInventory's `cataloginventory_stock_item` row) and what
 * Magento answers and enforces from them. The row keeps a value and a `use_config_*` flag per setting;
 * Stock\Item's getters answer the store configuration's value while the flag is set and the row's value
 * otherwise, so a value saved with its flag still on is kept, but not answered until the flag is off.
 */
import { MagentoStoreError } from './errors.js';

export interface StockItemSettings {
  useConfigManageStock: boolean;
  manageStock: boolean;
  useConfigMinSaleQty: boolean;
  /** "Minimum Qty Allowed in Shopping Cart"; 0 is no minimum. */
  minSaleQty: number;
  useConfigMaxSaleQty: boolean;
  /** "Maximum Qty Allowed in Shopping Cart"; 0 is no maximum. */
  maxSaleQty: number;
  useConfigEnableQtyInc: boolean;
  enableQtyIncrements: boolean;
  useConfigQtyIncrements: boolean;
  qtyIncrements: number;
  useConfigBackorders: boolean;
  /** 0 no backorders, 1 allow qty below 0, 2 allow qty below 0 and notify the customer. */
  backorders: number;
}

/**
 * The row's column defaults (CatalogInventory etc/db_schema.xml): what a product that never set a value
 * of its own holds. `manage_stock` 0 and `max_sale_qty` 0 only show once their flag is turned off.
 */
export const STOCK_ITEM_COLUMN_DEFAULTS: Readonly<StockItemSettings> = {
  useConfigManageStock: true,
  manageStock: false,
  useConfigMinSaleQty: true,
  minSaleQty: 1,
  useConfigMaxSaleQty: true,
  maxSaleQty: 0,
  useConfigEnableQtyInc: true,
  enableQtyIncrements: false,
  useConfigQtyIncrements: true,
  qtyIncrements: 0,
  useConfigBackorders: true,
  backorders: 0,
};

/** `cataloginventory/item_options` as CatalogInventory's etc/config.xml ships it: the sandbox's configuration. */
export const STOCK_CONFIGURATION = {
  manageStock: true,
  minSaleQty: 1,
  maxSaleQty: 10000,
  enableQtyIncrements: false,
  qtyIncrements: 1,
  backorders: 0,
} as const;

/** What Stock\Item's getters answer for a row: the configuration's value wherever the flag is set. */
export function answeredStockItem(row: Readonly<StockItemSettings>): StockItemSettings {
  const config = STOCK_CONFIGURATION;
  const enableQtyIncrements = row.useConfigEnableQtyInc ? config.enableQtyIncrements : row.enableQtyIncrements;
  // getQtyIncrements(): the own value cast to int (the sandbox's items are not decimal), and false
  // (answered 0) while increments are off or the value is not above 0.
  const increments = row.useConfigQtyIncrements ? config.qtyIncrements : Math.trunc(row.qtyIncrements);
  return {
    ...row,
    manageStock: row.useConfigManageStock ? config.manageStock : row.manageStock,
    minSaleQty: row.useConfigMinSaleQty ? config.minSaleQty : row.minSaleQty,
    maxSaleQty: row.useConfigMaxSaleQty ? config.maxSaleQty : row.maxSaleQty,
    enableQtyIncrements,
    qtyIncrements: enableQtyIncrements && increments > 0 ? increments : 0,
    backorders: row.useConfigBackorders ? config.backorders : row.backorders,
  };
}

/**
 * MSI's IsCorrectQtyCondition (the add-to-cart chain's required condition) for a cart line of `qty`
 * against the answered settings: Magento's refusal, or undefined. A minimum or maximum of 0 is none.
 */
export function incorrectQtyError(item: Readonly<StockItemSettings>, qty: number): MagentoStoreError | undefined {
  if (item.minSaleQty && qty < item.minSaleQty) return new MagentoStoreError('The fewest you may purchase is %1', [String(item.minSaleQty)]);
  if (item.maxSaleQty && qty > item.maxSaleQty) return new MagentoStoreError('The requested qty exceeds the maximum qty allowed in shopping cart');
  if (item.enableQtyIncrements && item.qtyIncrements !== 0 && exactRemainder(qty, item.qtyIncrements) !== 0) {
    return new MagentoStoreError('You can buy this product only in quantities of %1 at a time.', [String(item.qtyIncrements)]);
  }
  // No sandbox item is "Qty Uses Decimals".
  if (!Number.isInteger(qty)) return new MagentoStoreError('You cannot use decimal quantity for this product.');
  return undefined;
}

/** Magento\Framework\Math\Division::getExactDivision: a remainder within divisor/10000 of 0 or the divisor is 0. */
function exactRemainder(dividend: number, divisor: number): number {
  const epsilon = divisor / 10000;
  const remainder = dividend % divisor;
  return Math.abs(remainder - divisor) < epsilon || Math.abs(remainder) < epsilon ? 0 : remainder;
}
