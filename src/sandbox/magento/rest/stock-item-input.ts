/**
 * A stock item of a REST body (`extension_attributes.stock_item` of a product save, `stockItem` of
 * `PUT /V1/products/{sku}/stockItems/{itemId}`), read as Magento's ServiceInputProcessor reads it: each
 * field converted to the type of its StockItemInterface getter (TypeProcessor::setType), then stored in
 * the `cataloginventory_stock_item` column's type.
 */
import { STOCK_ITEM_COLUMN_DEFAULTS, type StockItemSettings } from '../store/stock-items.js';
import { MagentoStoreError } from '../store/index.js';

type Json = Record<string, unknown>;
type FieldType = 'bool' | 'int' | 'float';

export interface StockItemInput {
  /** The settings sent, as their columns keep them. */
  settings: Partial<StockItemSettings>;
  qty?: number;
  isInStock?: boolean;
  itemId?: number;
  stockId?: number;
}

/** The settings' fields: the getter's type (`getUseConfigMinSaleQty` is `int`, not `bool`) and the column kept in. */
const SETTINGS: [field: string, type: FieldType, key: keyof StockItemSettings][] = [
  ['use_config_manage_stock', 'bool', 'useConfigManageStock'],
  ['manage_stock', 'bool', 'manageStock'],
  ['use_config_min_sale_qty', 'int', 'useConfigMinSaleQty'],
  ['min_sale_qty', 'float', 'minSaleQty'],
  ['use_config_max_sale_qty', 'bool', 'useConfigMaxSaleQty'],
  ['max_sale_qty', 'float', 'maxSaleQty'],
  ['use_config_enable_qty_inc', 'bool', 'useConfigEnableQtyInc'],
  ['enable_qty_increments', 'bool', 'enableQtyIncrements'],
  ['use_config_qty_increments', 'bool', 'useConfigQtyIncrements'],
  ['qty_increments', 'float', 'qtyIncrements'],
  ['use_config_backorders', 'bool', 'useConfigBackorders'],
  ['backorders', 'int', 'backorders'],
];

/** `smallint unsigned` columns hold the int fields; the float ones are `decimal(12,4)`. */
const SMALLINT_MAX = 65535;
const DECIMAL_MAX = 99999999.9999;

/**
 * Reads a stock item. `path` names the objects around it (`extension_attributes`, `stock_item`): Magento
 * wraps a refused field's message once per object it sits in.
 */
export function readStockItemInput(item: Json, path: string[]): StockItemInput {
  const read = (field: string, type: FieldType) => convert(item[field], type, [...path, field]);
  const settings: Partial<StockItemSettings> = {};
  for (const [field, type, key] of SETTINGS) {
    const value = read(field, type);
    if (value !== undefined) Object.assign(settings, { [key]: column(value, type, key) });
  }
  const input: StockItemInput = { settings };
  const qty = read('qty', 'float');
  if (qty !== undefined) input.qty = Number(qty);
  const isInStock = read('is_in_stock', 'bool');
  if (isInStock !== undefined) input.isInStock = Boolean(isInStock);
  const itemId = read('item_id', 'int');
  if (itemId !== undefined) input.itemId = Number(itemId);
  const stockId = read('stock_id', 'int');
  if (stockId !== undefined) input.stockId = Number(stockId);
  return input;
}

/**
 * As the product save's StockItemValidator (run by SaveInventoryDataObserver): only the default stock (1),
 * and an item id, when sent, above 0 and the product's own (the sandbox's item id is the product id).
 */
export function validateStockItemIds(input: StockItemInput, productId: number | undefined): void {
  if (input.stockId !== undefined && input.stockId !== 1) {
    throw new MagentoStoreError('Invalid stock id: %1. Only default stock with id %2 allowed', [String(input.stockId), '1']);
  }
  if (input.itemId === undefined) return;
  if (input.itemId <= 0) throw new MagentoStoreError('Invalid stock item id: %1. Should be null or numeric value greater than 0', [String(input.itemId)]);
  if (productId !== undefined && input.itemId !== productId) {
    throw new MagentoStoreError('Invalid stock item id: %1. Assigned stock item id is %2', [String(input.itemId), String(productId)]);
  }
}

/**
 * TypeProcessor::processSimpleAndAnyType: null is no value; a bool field takes anything through
 * FILTER_VALIDATE_BOOLEAN; an int or float field only what PHP's is_numeric takes (not `true`/`false`,
 * not ""); an array or object is refused for any of them.
 */
function convert(value: unknown, type: FieldType, path: string[]): boolean | number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') throw invalidType('array', type, path);
  if (type === 'bool') return filterBoolean(value);
  if (!isNumeric(value)) throw invalidType(value === true ? '1' : value === false ? '' : String(value), type, path);
  const n = Number(typeof value === 'string' ? value.trim() : value);
  return type === 'int' ? Math.trunc(n) : n;
}

/**
 * As the column keeps a value: MySQL without strict mode (Magento sets SQL_MODE='') clamps what does not
 * fit a `decimal(12,4)` or `smallint unsigned`; the int flag (`use_config_min_sale_qty`) counts as set
 * when not 0.
 */
function column(value: boolean | number, type: FieldType, key: keyof StockItemSettings): boolean | number {
  if (type === 'bool') return value;
  if (type === 'float') return Math.round(Math.min(DECIMAL_MAX, Math.max(-DECIMAL_MAX, Number(value))) * 10000) / 10000;
  const n = Math.min(SMALLINT_MAX, Math.max(0, Number(value)));
  return typeof STOCK_ITEM_COLUMN_DEFAULTS[key] === 'boolean' ? n !== 0 : n;
}

function filterBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return /^(1|true|on|yes)$/i.test(String(value).trim());
}

/** PHP 8's is_numeric: numbers, and decimal strings with optional surrounding white space and exponent. */
function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value);
}

/**
 * The refusal as the REST layer answers it: the inner message rendered, then wrapped once per field
 * and object around it ("Error occurred during "%field_name" processing. %details"), without parameters.
 */
function invalidType(value: string, type: FieldType, path: string[]): MagentoStoreError {
  let message = `The "${value}" value's type is invalid. The "${type}" type was expected. Verify and try again.`;
  for (const field of [...path].reverse()) message = `Error occurred during "${field}" processing. ${message}`;
  return new MagentoStoreError(message);
}
