import { z } from 'zod';
import { categoryRootsSchema } from '../../config/category-roots.js';
import { commonSettingsShape } from '../../config/common.js';
import { magentoCode, plentyId, positiveId, referrerId } from '../../config/ids.js';
import { defaultUnitsSchema, itemFieldsSchema, itemTextsSchema } from '../../config/item-fields.js';
import { storeMappingSchema } from '../../config/store-mapping.js';
import { requireUnique } from '../../config/unique.js';
import { valueMapSchema } from '../../config/value-map.js';

export const ITEM_IMPORT_BATCH_SIZE = 20;

const salesPriceId = () => positiveId('PlentyONE sales price id');
const wholeKey = (what: string) =>
  z.string().regex(/^\d+$/, { error: (i) => `${what} are whole numbers, not ${JSON.stringify(i.input)}` });

export const itemImportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'plenty', batchSize: ITEM_IMPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([]),
    search: z
      .strictObject({
        onlyActive: z.boolean().default(true).describe('Only active variations.'),
        plentyIds: z.array(plentyId()).default([]).describe('Only variations visible in these clients; empty: all.'),
        referrerIds: z.array(referrerId()).default([]).describe('Only variations available for these referrers; empty: all.'),
        manufacturerIds: z.array(positiveId('PlentyONE manufacturer id')).default([]).describe('Only these manufacturers; empty: all.'),
        flagOne: z.number().int().min(0).max(255).optional().describe('Only items with this flag 1 value.'),
      })
      .prefault({})
      .describe('Which PlentyONE variations are imported.'),
    identifier: z
      .strictObject({
        attribute: magentoCode('Magento attribute code').default('sku')
          .describe('Magento attribute holding the PlentyONE variation number ("sku" or a custom attribute).'),
      })
      .prefault({})
      .describe('How a variation finds its Magento product; the variation number is authoritative.'),
    vat: z
      .strictObject({
        vatTaxClassMap: valueMapSchema('vatTaxClassMap', '{"0": 2, "1": 5} (PlentyONE VAT id → Magento tax class id)',
          z.number().int().min(0), wholeKey('PlentyONE VAT ids')).default({}),
        defaultTaxClassId: z.number().int().min(0).default(2).describe('Magento tax class for VAT ids not in the map (2 = Taxable Goods).'),
      })
      .prefault({})
      .describe('PlentyONE VAT id → Magento tax class.'),
    prices: z
      .strictObject({
        regular: salesPriceId().optional().describe('Sales price that becomes the Magento price (required).'),
        special: salesPriceId().optional().describe('Sales price that becomes the Magento special price.'),
        customerGroups: z
          .array(z.strictObject({
            salesPriceId: salesPriceId(),
            customerGroupId: z.number().int().min(0).describe('Magento customer group id.'),
            website: magentoCode('Magento website code').optional().describe('Only for this website; absent: all.'),
          }))
          .default([])
          .superRefine((rows, ctx) => {
            requireUnique(rows, (r) => `${r.customerGroupId}/${r.website ?? '*'}`, ctx, { field: 'customerGroupId' },
              (_k, first) => `this customer group and website already gets a price in row ${first}`);
          })
          .describe('Sales prices → Magento customer group prices per website.'),
      })
      .prefault({})
      .describe('PlentyONE sales prices → Magento prices.'),
    attributeSets: z
      .strictObject({
        propertyId: positiveId('PlentyONE property id').optional().describe('Property whose value chooses the attribute set.'),
        map: valueMapSchema('attributeSets.map', '{"Shoes": 9}', positiveId('Magento attribute set id')).default({}),
        fallbackId: positiveId('Magento attribute set id').default(4).describe('Attribute set when nothing matches (4 = Default).'),
      })
      .prefault({})
      .describe('Which Magento attribute set a new product gets.'),
    texts: itemTextsSchema,
    fields: itemFieldsSchema,
    defaultUnits: defaultUnitsSchema.prefault({}),
    autoCreateOptions: z.boolean().default(true).describe('Create missing options of Magento select attributes.'),
    categories: z
      .strictObject({
        rootMapping: categoryRootsSchema.default([]),
        defaultCategoryId: positiveId('Magento category id').optional().describe('Category for products without a mapped category.'),
        removeDifferences: z.boolean().default(false).describe('Remove Magento category links the PlentyONE variation no longer has.'),
      })
      .prefault({})
      .describe('Category assignment.'),
    urlKeys: z
      .strictObject({ appendSkuOnDuplicate: z.boolean().default(true).describe('Append the SKU when a URL key is taken.') })
      .prefault({})
      .describe('URL keys.'),
    images: z
      .strictObject({
        mode: z.enum(['download', 'reference', 'off']).default('download').describe('download into Magento, reference the PlentyONE URL, or skip images.'),
        roles: z.enum(['first_image', 'none']).default('first_image').describe('first_image: the first image becomes base, small and thumbnail.'),
        cleanup: z.boolean().default(true).describe('Remove Magento images the variation no longer has.'),
      })
      .prefault({})
      .describe('Images.'),
    relations: z
      .strictObject({
        crossSells: z.boolean().default(false).describe('Import cross-selling as Magento cross-sells.'),
        upSells: z.boolean().default(false).describe('Import cross-selling of type "accessory" as up-sells.'),
      })
      .prefault({})
      .describe('Product relations.'),
    configurables: z
      .strictObject({
        attributeMap: valueMapSchema('attributeMap', '{"1": "color", "2": "size"} (PlentyONE attribute id → Magento super attribute)',
          magentoCode('Magento attribute code'), wholeKey('PlentyONE attribute ids')).default({}),
        childName: z.enum(['parent_with_options', 'own']).default('parent_with_options').describe('Name of child products.'),
        childVisibility: z.literal([1, 2, 3, 4]).default(1).describe('Visibility of child products (1 not visible individually … 4 catalog, search).'),
        includeOutOfStockChildren: z.boolean().default(true).describe('Create children that are out of stock.'),
      })
      .prefault({})
      .describe('Items with several variations → configurable products.'),
    bundles: z
      .strictObject({ importBundles: z.boolean().default(false).describe('Import bundles and sets as Magento bundle products.') })
      .prefault({})
      .describe('Bundles and sets.'),
  })
  .superRefine((c, ctx) => {
    if (c.prices.regular !== undefined && c.prices.regular === c.prices.special) {
      ctx.addIssue({ code: 'custom', path: ['prices', 'special'], message: 'the special price must come from a different sales price than the regular price' });
    }
    if (Object.keys(c.attributeSets.map).length > 0 && c.attributeSets.propertyId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['attributeSets', 'propertyId'], message: 'attributeSets.map needs the propertyId whose values it maps' });
    }
  })
  .describe('Item import: PlentyONE items/variations → Magento simple and configurable products.');

export type ItemImportConfig = z.infer<typeof itemImportConfigSchema>;
