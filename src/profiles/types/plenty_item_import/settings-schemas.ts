/**
 * Settings of the item import beyond products, texts and configurables: tier, customer group and
 * website prices (prices.ts), which PlentyONE variations are read (search-filters.ts), stock item
 * flags and the attribute set per item type (draft-extras.ts), properties into attributes (properties.ts).
 */
import { z } from 'zod';
import { magentoCode, positiveId } from '../../config/ids.js';
import { requireUnique } from '../../config/unique.js';
import { valueMapSchema } from '../../config/value-map.js';

const salesPriceId = () => positiveId('PlentyONE sales price id');

export const tierPricesSchema = z
  .array(z.strictObject({
    salesPriceId: salesPriceId(),
    customerGroupId: z.number().int().min(0, 'customerGroupId is a Magento customer group id (0 NOT LOGGED IN, 1 General …) or 32000 for all groups').default(32000)
      .describe('Magento customer group the price is for (32000: all groups).'),
    qty: z.number().positive('qty must be greater than 0').optional()
      .describe('Quantity from which the price applies (absent: the sales price\'s minimum order quantity in PlentyONE; 1 makes it a customer group price).'),
  }))
  .default([])
  .superRefine((rows, ctx) => {
    requireUnique(rows, (r) => `${r.salesPriceId}:${r.customerGroupId}`, ctx, { field: 'salesPriceId' }, (_, first) => `row ${first} already maps this sales price to this customer group`);
  })
  .describe('PlentyONE sales prices → Magento tier prices (customer group and quantity; quantity 1: a customer group price). With rows, a product\'s tier prices are exactly these; without, Magento\'s are left alone.');

export const websitePricesSchema = z
  .array(z.strictObject({
    websiteId: positiveId('Magento website id'),
    salesPriceId: salesPriceId(),
  }))
  .default([])
  .superRefine((rows, ctx) => {
    requireUnique(rows, (r) => r.websiteId, ctx, { field: 'websiteId' }, (id, first) => `website ${id} already has its price from row ${first}`);
  })
  .describe('A sales price per Magento website (its products\' price there; the regular price where a variation lacks it). Needs Magento\'s catalog price scope "Website": a run against the global scope stops saying so before any website price is written.');

const idList = (what: string) => z.array(positiveId(what)).default([]);

/** Filters of `GET /rest/pim/variations` (search-filters.ts), beside `activeOnly`. */
export const searchFilterShape = {
  clientIds: idList('PlentyONE client (plentyId)')
    .describe('Only variations visible in any of these clients (plentyIds); empty: all.'),
  referrerIds: z.array(z.number().positive('referrer ids are positive, e.g. 1 or 4.01')).default([])
    .describe('Only variations available for any of these referrers (markets, e.g. 1 = client, 4.01); empty: all.'),
  itemType: z.string().min(1).optional()
    .describe('Only items of this PlentyONE item type (e.g. default, set, multiPack); absent: all.'),
  manufacturerIds: idList('PlentyONE manufacturer id')
    .describe('Only items of any of these manufacturers; empty: all.'),
  flag1: z.number().int().min(0).optional().describe('Only items with this flag 1 value; absent: all.'),
  flag2: z.number().int().min(0).optional().describe('Only items with this flag 2 value; absent: all.'),
};

export const stockItemSchema = z
  .strictObject({
    manageStock: z.union([z.boolean(), z.literal('config')]).optional()
      .describe('"Manage Stock" of the products: true or false (their own), "config" (Magento\'s configuration); absent: left as Magento has it.'),
    stockLimitation: z.boolean().default(false)
      .describe('"Manage Stock" and "Backorders" of each product from its variation\'s stock limitation: 0 (not limited) → managed, backorders allowed below 0; 1 (limited to net stock) → managed, no backorders; 2 (not administered) → not managed. Instead of manageStock.'),
    orderQuantities: z.boolean().default(false)
      .describe('Each product\'s "Minimum/Maximum Qty Allowed in Shopping Cart" and "Qty Increments" from its variation\'s minimum, maximum and interval order quantities (0 in PlentyONE: Magento\'s configuration).'),
  })
  .prefault({})
  .superRefine((s, ctx) => {
    if (s.stockLimitation && s.manageStock !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['manageStock'], message: 'stockLimitation sets "Manage Stock" from each variation: remove manageStock, or turn stockLimitation off' });
    }
  })
  .describe('Stock item flags the import sets (quantities are the stock import\'s job).');

export const attributeSetByItemTypeSchema = valueMapSchema(
  'attributeSetByItemType',
  '{"default": 4, "set": 12} (PlentyONE item type → Magento attribute set id)',
  positiveId('Magento attribute set id'),
).default({});

export const propertiesSchema = z
  .strictObject({
    map: z
      .array(z.strictObject({ propertyId: positiveId('PlentyONE property id'), attribute: magentoCode('Magento attribute code') }))
      .default([])
      .superRefine((rows, ctx) => {
        requireUnique(rows, (r) => r.attribute, ctx, { field: 'attribute' }, (code, first) => `attribute ${code} is already filled by row ${first}`);
      })
      .describe('PlentyONE item property → Magento attribute: texts per store view language, int/float/date the value, selections the option of the attribute.'),
    createOptions: z.boolean().default(true)
      .describe('Create a Magento option for a PlentyONE property selection that has none (off: such an item fails with the reason).'),
  })
  .prefault({})
  .describe('PlentyONE properties (v2) → Magento attributes.');
