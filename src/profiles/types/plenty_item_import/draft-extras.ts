/**
 * What the settings add to an item's product drafts once transform.ts has built them, read from each
 * product's own variation: tier and customer group prices and website prices (prices.ts), stock item
 * fields (`stockItem`: Manage Stock, backorders, order quantities), and the attribute set of the item's
 * type (`attributeSetByItemType`). All of
 * it lands in the drafts before the hashes are taken, so a second run with nothing changed writes
 * nothing, and a changed tier price is one product save.
 */
import type { MagentoProductInput } from '../../../connectors/magento/index.js';
import type { Ctx } from './clients.js';
import { tierPricesOf, websitePricesOf } from './prices.js';
import type { PimVariation } from '../../../connectors/plenty/schemas/pim.js';
import type { ImportRecord, RawItem } from './record.js';

type StockItemInput = NonNullable<NonNullable<MagentoProductInput['extension_attributes']>['stock_item']> & Record<string, unknown>;

/** PlentyONE's stock limitation: 0 stock not limited, 1 limited to net stock, 2 not administered. */
const NOT_ADMINISTERED = 2;
const NOT_LIMITED = 0;
/** Magento's backorders: 0 none, 1 allow quantity below 0. */
const NO_BACKORDERS = 0;
const BACKORDERS = 1;

/**
 * The stock item fields of one product (`stockItem`): "Manage Stock" from the setting, the rest from
 * the product's variation (a configurable has none: its children's count). Magento takes a field as
 * the product's own only with its `use_config_*` flag false.
 */
function stockItemOf(ctx: Ctx, v: PimVariation | undefined): StockItemInput | undefined {
  const { manageStock, stockLimitation, orderQuantities } = ctx.config.stockItem;
  const out: StockItemInput = {};
  if (manageStock !== undefined) Object.assign(out, manageStock === 'config' ? { use_config_manage_stock: true } : { use_config_manage_stock: false, manage_stock: manageStock });
  if (v && stockLimitation) {
    const limitation = v.base.stockLimitation ?? NOT_LIMITED;
    Object.assign(out, limitation === NOT_ADMINISTERED
      ? { use_config_manage_stock: false, manage_stock: false }
      : { use_config_manage_stock: false, manage_stock: true, use_config_backorders: false, backorders: limitation === NOT_LIMITED ? BACKORDERS : NO_BACKORDERS });
  }
  if (v && orderQuantities) {
    const { minimumOrderQuantity: min, maximumOrderQuantity: max, intervalOrderQuantity: interval } = v.base;
    // The one use_config flag Magento types as an int (StockItemInterface): a boolean is refused.
    Object.assign(out, (min ?? 0) > 0 ? { use_config_min_sale_qty: 0, min_sale_qty: min } : { use_config_min_sale_qty: 1 });
    Object.assign(out, (max ?? 0) > 0 ? { use_config_max_sale_qty: false, max_sale_qty: max } : { use_config_max_sale_qty: true });
    Object.assign(out, (interval ?? 0) > 0
      ? { use_config_enable_qty_inc: false, enable_qty_increments: true, use_config_qty_increments: false, qty_increments: interval }
      : { use_config_enable_qty_inc: true, use_config_qty_increments: true });
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export async function withDraftExtras(record: ImportRecord, raw: RawItem, ctx: Ctx): Promise<ImportRecord> {
  if (record.kind !== 'item') return record;
  const main = raw.variations[0];
  const itemType = main?.base.item?.itemType;
  const attributeSet = typeof itemType === 'string' ? ctx.config.attributeSetByItemType[itemType] : undefined;
  for (const draft of [record.main, ...record.children]) {
    const global: MagentoProductInput = { ...draft.global };
    if (attributeSet !== undefined) global.attribute_set_id = attributeSet;
    const v = draft.variationId === undefined ? undefined : raw.variations.find((x) => x.id === draft.variationId);
    const stockItem = stockItemOf(ctx, v);
    if (stockItem) global.extension_attributes = { ...global.extension_attributes, stock_item: stockItem };
    // A configurable has no price of its own: only its children (and simple products) get prices.
    if (v && global.type_id !== 'configurable') {
      // A bundle's tier prices are percentages off in Magento, not PlentyONE's amounts: it gets none.
      const tiers = global.type_id === 'bundle' ? undefined : await tierPricesOf(ctx, v);
      if (tiers) global.tier_prices = tiers;
      const websites = websitePricesOf(ctx, v);
      if (websites) draft.websitePrices = websites;
    }
    draft.global = global;
  }
  return record;
}
