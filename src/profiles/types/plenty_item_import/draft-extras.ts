/**
 * What the settings add to an item's product drafts once transform.ts has built them, read from each
 * product's own variation: tier and customer group prices and website prices (prices.ts), stock item
 * flags (`stockItem`), and the attribute set of the item's type (`attributeSetByItemType`). All of
 * it lands in the drafts before the hashes are taken, so a second run with nothing changed writes
 * nothing, and a changed tier price is one product save.
 */
import type { MagentoProductInput } from '../../../connectors/magento/index.js';
import type { Ctx } from './clients.js';
import { tierPricesOf, websitePricesOf } from './prices.js';
import type { ImportRecord, RawItem } from './record.js';

function stockItemOf(ctx: Ctx): { use_config_manage_stock: boolean; manage_stock?: boolean } | undefined {
  const manage = ctx.config.stockItem.manageStock;
  if (manage === undefined) return undefined;
  // Magento takes "Manage Stock" as the product's own only with use_config_manage_stock false.
  return manage === 'config' ? { use_config_manage_stock: true } : { use_config_manage_stock: false, manage_stock: manage };
}

export async function withDraftExtras(record: ImportRecord, raw: RawItem, ctx: Ctx): Promise<ImportRecord> {
  if (record.kind !== 'item') return record;
  const main = raw.variations[0];
  const itemType = main?.base.item?.itemType;
  const attributeSet = typeof itemType === 'string' ? ctx.config.attributeSetByItemType[itemType] : undefined;
  const stockItem = stockItemOf(ctx);
  for (const draft of [record.main, ...record.children]) {
    const global: MagentoProductInput = { ...draft.global };
    if (attributeSet !== undefined) global.attribute_set_id = attributeSet;
    if (stockItem) global.extension_attributes = { ...global.extension_attributes, stock_item: stockItem };
    const v = draft.variationId === undefined ? undefined : raw.variations.find((x) => x.id === draft.variationId);
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
