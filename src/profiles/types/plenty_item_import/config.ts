import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';
import { magentoCode, positiveId } from '../../config/ids.js';
import { defaultUnitsSchema, itemFieldsSchema, itemTextsSchema } from '../../config/item-fields.js';
import { storeMappingSchema } from '../../config/store-mapping.js';
import { requireUnique } from '../../config/unique.js';
import { valueMapSchema } from '../../config/value-map.js';
import { PRODUCT_LINK_TYPES } from '../../../connectors/magento/rest/products.js';
import { CROSS_SELLING_RELATIONSHIPS } from '../../../connectors/plenty/resources/cross-selling.js';
import { attributeSetByItemTypeSchema, propertiesSchema, searchFilterShape, stockItemSchema, tierPricesSchema, websitePricesSchema } from './settings-schemas.js';

/** Items per runner batch (one checkpoint, one SKU lookup in Magento per batch). */
export const ITEM_IMPORT_BATCH_SIZE = 20;

const salesPriceId = () => positiveId('PlentyONE sales price id');
const taxClassId = () => positiveId('Magento tax class id');

export const itemImportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'plenty', batchSize: ITEM_IMPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([])
      .describe('Magento store view ← PlentyONE client (plentyId) and language: each store view gets the texts of its language. The first row\'s texts are also the global (admin) values.'),
    prices: z
      .strictObject({
        regular: salesPriceId().optional().describe('Sales price giving the Magento price (required).'),
        special: salesPriceId().optional().describe('Sales price giving the Magento special price (removed in Magento when the variation has none).'),
        tiers: tierPricesSchema,
        websites: websitePricesSchema,
      })
      .prefault({})
      .describe('PlentyONE sales prices → Magento prices.'),
    vat: z
      .strictObject({
        taxClassMap: valueMapSchema('taxClassMap', '{"0": 2, "1": 5} (PlentyONE VAT id → Magento tax class id)', taxClassId(),
          z.string().regex(/^\d+$/, { error: () => 'taxClassMap keys are PlentyONE VAT ids such as "0"' })).default({}),
        defaultTaxClassId: taxClassId().optional().describe('Tax class of variations whose VAT id is not in the map (absent: the tax class is left as Magento has it).'),
      })
      .prefault({})
      .describe('PlentyONE VAT id → Magento tax class.'),
    texts: itemTextsSchema,
    fields: itemFieldsSchema,
    defaultUnits: defaultUnitsSchema.prefault({}),
    barcodes: z
      .array(z.strictObject({ attribute: magentoCode('Magento attribute code'), barcodeId: positiveId('PlentyONE barcode id') }))
      .default([])
      .superRefine((rows, ctx) => {
        requireUnique(rows, (r) => r.attribute, ctx, { field: 'attribute' }, (code, first) => `attribute ${code} is already filled by row ${first}`);
      })
      .describe('PlentyONE barcode (e.g. EAN) → Magento attribute.'),
    properties: propertiesSchema,
    websiteIds: z.array(positiveId('Magento website id')).min(1, 'list at least one website').default([1])
      .describe('Websites the imported products are assigned to.'),
    attributeSetId: positiveId('Magento attribute set id').default(4).describe('Attribute set of new products (4: Magento\'s "Default").'),
    attributeSetByItemType: attributeSetByItemTypeSchema.describe('PlentyONE item type → Magento attribute set of the item\'s products (other types: attributeSetId).'),
    stockItem: stockItemSchema,
    search: z
      .strictObject({
        activeOnly: z.boolean().default(false).describe('Import only active variations (off: inactive ones become disabled products).'),
        ...searchFilterShape,
      })
      .prefault({})
      .describe('Which PlentyONE variations are read.'),
    categories: z
      .strictObject({
        defaultCategoryId: positiveId('Magento category id').optional()
          .describe('Magento category of products none of whose PlentyONE categories is linked to a Magento category.'),
        removeDifferences: z.boolean().default(false)
          .describe('On: a product is in exactly the Magento categories of its PlentyONE categories; off: categories given in Magento are kept.'),
      })
      .prefault({})
      .describe('Category assignment through the category links (the category import\'s or export\'s).'),
    configurables: z
      .strictObject({
        attributeMap: valueMapSchema('attributeMap', '{"1": "color", "2": "size"} (PlentyONE attribute id → Magento attribute code)',
          magentoCode('Magento attribute code'), z.string().regex(/^\d+$/, { error: () => 'attributeMap keys are PlentyONE attribute ids such as "1"' }))
          .default({}),
        createOptions: z.boolean().default(true)
          .describe('Create a Magento attribute option for a PlentyONE attribute value that has none (off: such a variation fails with the reason).'),
        childVisibility: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).default(1)
          .describe('Visibility of the children of a configurable: 1 not visible individually, 2 catalog, 3 search, 4 catalog and search.'),
        parentSku: z.string().regex(/\{itemId\}/, { error: () => 'parentSku must contain {itemId}' }).max(64).default('item-{itemId}')
          .describe('SKU of a new configurable product, from the PlentyONE item id (a configurable already linked to the item keeps its SKU).'),
        withoutAttributes: z.enum(['simpleProducts', 'skip']).default('simpleProducts')
          .describe('An item with several variations none of which has attribute values: simpleProducts makes each variation a simple product of its own (name: item name and variation name); skip imports none of them and says why.'),
      })
      .prefault({})
      .describe('Items with attribute variations → configurable products with one simple child per variation.'),
    crossSells: z
      .partialRecord(z.enum(CROSS_SELLING_RELATIONSHIPS, { error: (i) => `crossSells keys are PlentyONE cross-selling relationships (${CROSS_SELLING_RELATIONSHIPS.join(', ')}), not ${JSON.stringify(i.input)}` }),
        z.enum(PRODUCT_LINK_TYPES, { error: () => `crossSells values are Magento product link types: ${PRODUCT_LINK_TYPES.join(', ')}` }))
      .default({})
      .describe('PlentyONE item cross-selling → Magento product links of the item\'s product, by relationship, e.g. {"Accessory": "crosssell", "Similar": "related"}. '
        + 'A link type named here holds PlentyONE\'s links only (Magento replaces a type\'s links as a whole); other types stay as they are. '
        + 'Costs one PlentyONE call per item read. Empty: product links are not touched.'),
    deletions: z
      .strictObject({
        mode: z.enum(['disable', 'delete', 'ignore']).default('disable')
          .describe('A product whose PlentyONE variation or item was deleted, or a child whose variation left its configurable (deleted, or its attribute values gone): disable it (status disabled, links kept), delete it in Magento (links removed), or leave it as it is. A child that left is unlinked from the configurable in every mode.'),
        fullRunScan: z.boolean().default(false)
          .describe('A full run ends by checking every linked variation and configurable against PlentyONE (one call per 500 links) and treats those PlentyONE no longer has as deleted (deletions.mode). Off: only delete callbacks and --ids runs find them.'),
      })
      .prefault({})
      .describe('What becomes of Magento products PlentyONE no longer has.'),
    images: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Download the item images from PlentyONE and add them to the product\'s media gallery (base64 upload).'),
        removeDeleted: z.boolean().default(true).describe('Remove gallery images this import added whose PlentyONE image was deleted.'),
        upload: z.enum(['content', 'url']).default('content')
          .describe('content: plentygate downloads each new image from PlentyONE and uploads it as base64 (Magento\'s own media route, which takes no URL); url: Magento downloads it from PlentyONE\'s storage URL itself through the plentygate Magento module\'s route (POST /V1/plentygate/products/{sku}/media), so the file never passes through plentygate; needs the module installed and Magento able to reach the image storage.'),
        labels: z.enum(['off', 'name', 'alternate']).default('off')
          .describe('Gallery labels per store view from the PlentyONE image names in the store view\'s language: name, or alternate (the alternative text, else the name); off leaves labels empty. Costs one PlentyONE call per new or changed image.'),
        variationImages: z.boolean().default(false)
          .describe('Children of a configurable get a gallery of their own with the images linked to their variation in PlentyONE (the configurable keeps all the item\'s images).'),
      })
      .prefault({})
      .describe('Images.'),
  })
  .superRefine((c, ctx) => {
    const languages = new Set(c.storeMapping.map((r) => r.language));
    c.texts.forEach((row, i) => {
      if (row.language !== undefined && c.storeMapping.length > 0 && !languages.has(row.language)) {
        ctx.addIssue({ code: 'custom', path: ['texts', i, 'language'], message: `no store view is mapped to language "${row.language}"; add a storeMapping row for it or change the language` });
      }
    });
    c.prices.websites.forEach((row, i) => {
      if (!c.websiteIds.includes(row.websiteId)) ctx.addIssue({ code: 'custom', path: ['prices', 'websites', i, 'websiteId'], message: `the products are not assigned to website ${row.websiteId}: add it to websiteIds or remove this row` });
    });
    if (c.prices.special !== undefined && c.prices.special === c.prices.regular) {
      ctx.addIssue({ code: 'custom', path: ['prices', 'special'], message: 'the special price needs a sales price of its own' });
    }
  })
  .describe('Item import: PlentyONE items/variations → Magento simple and configurable products, texts per store view, prices, categories, images.');

export type ItemImportConfig = z.infer<typeof itemImportConfigSchema>;

/** What earlier versions accepted here without an effect (still not built: see README, "Not built yet"). */
export const itemImportRetiredSettings = [
  'identifier', 'attributeSets', 'autoCreateOptions', 'urlKeys', 'relations', 'bundles',
] as const;
