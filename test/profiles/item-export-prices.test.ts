/** Magento prices → PlentyONE sales prices and purchase price, from a product as Magento REST answers it. */
import { describe, expect, it } from 'vitest';
import { itemExportConfigSchema } from '../../src/profiles/types/plenty_item_export/config.js';
import { buildRecord } from '../../src/profiles/types/plenty_item_export/record.js';
import type { MagentoProduct } from '../../src/connectors/magento/index.js';
import { itemExportConfig } from './support/item-export-setup.js';

const product = {
  id: 7, sku: 'PG-TIER-1', name: 'Tiered', price: 20, status: 1, visibility: 4, type_id: 'simple', attribute_set_id: 4,
  // As GET /V1/products/{sku} lists them: all groups (32000) from 5 and 10 pieces, group 1 from 1 piece, group 2 from 3 pieces.
  tier_prices: [
    { customer_group_id: 32000, qty: 5, value: 18, extension_attributes: { website_id: 0 } },
    { customer_group_id: 32000, qty: 10, value: 16.5, extension_attributes: { website_id: 0 } },
    { customer_group_id: 1, qty: 1, value: 17.25, extension_attributes: { website_id: 0 } },
    { customer_group_id: 2, qty: 3, value: 15, extension_attributes: { website_id: 0 } },
  ],
  custom_attributes: [{ attribute_code: 'special_price', value: '19.000000' }, { attribute_code: 'cost', value: '8.4000' }],
} as unknown as MagentoProduct;

const record = (prices: Record<string, unknown>) => {
  const config = itemExportConfigSchema.parse({ ...itemExportConfig, prices: { regular: 1, ...prices } });
  return buildRecord({ product, views: new Map(), children: [] }, config, { categories: new Map(), attributeValues: new Map(), attributes: new Map() }, '').variations[0]!;
};

describe('item export prices', () => {
  it('writes regular, special, the lowest all-groups tier price and each mapped group price to its sales price', () => {
    expect(record({ special: 2, tier: 3, customerGroups: { 1: 4, 2: 5 } }).prices).toEqual([
      { salesPriceId: 1, price: 20 },
      { salesPriceId: 2, price: 19 },
      { salesPriceId: 3, price: 16.5 },
      // Group 2 has no price for one piece: nothing for its sales price.
      { salesPriceId: 4, price: 17.25 },
    ]);
  });

  it('writes the cost as purchase price only when purchasePriceFromCost is on', () => {
    expect(record({ purchasePriceFromCost: true }).base.purchasePrice).toBe(8.4);
    expect(record({}).base.purchasePrice).toBeUndefined();
  });

  it('refuses a sales price that receives two prices', () => {
    const parsed = itemExportConfigSchema.safeParse({ ...itemExportConfig, prices: { regular: 1, customerGroups: { 1: 1 } } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/sales price 1 already receives the regular price/);
  });
});
