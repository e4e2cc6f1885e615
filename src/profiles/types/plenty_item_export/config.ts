import { z } from 'zod';
import { categoryRootsSchema } from '../../config/category-roots.js';
import { commonSettingsShape } from '../../config/common.js';
import { magentoCode, nonNegativeId, positiveId, referrerId, storeViewCode } from '../../config/ids.js';
import { defaultUnitsSchema, itemFieldsSchema, itemTextsSchema } from '../../config/item-fields.js';
import { requireMappedStoreViews, storeMappingSchema } from '../../config/store-mapping.js';
import { requireUnique } from '../../config/unique.js';
import { idMapSchema, valueMapSchema } from '../../config/value-map.js';
import { weightUnits } from '../../config/field-mapping.js';
import { FIELD_UNITS } from './field-transform.js';

const baseUnitOf = (unit: string) => ((weightUnits as readonly string[]).includes(unit) ? 'g' : 'mm');

export const ITEM_EXPORT_BATCH_SIZE = 10;

const salesPriceId = () => positiveId('PlentyONE sales price id');

const pricesSchema = z
  .strictObject({
    regular: salesPriceId().optional().describe('Sales price receiving the Magento regular price (required).'),
    special: salesPriceId().optional().describe('Sales price receiving the Magento special price.'),
    tier: salesPriceId().optional().describe('Sales price receiving the lowest tier price.'),
    customerGroups: z
      .array(z.strictObject({
        customerGroupId: z.number().int().min(0).describe('Magento customer group id.'),
        website: magentoCode('Magento website code').optional().describe('Only prices of this website; absent: all websites.'),
        salesPriceId: salesPriceId(),
      }))
      .default([])
      .superRefine((rows, ctx) => {
        requireUnique(rows, (r) => `${r.customerGroupId}/${r.website ?? '*'}`, ctx, { field: 'customerGroupId' },
          (_k, first) => `this customer group and website is already mapped in row ${first}`);
      })
      .describe('Customer group prices → sales prices.'),
    purchasePriceFromCost: z.boolean().default(false).describe('Write the Magento cost attribute as the purchase price.'),
  })
  .superRefine((p, ctx) => {
    const used = new Map<number, string>();
    const check = (name: string, id: number | undefined) => {
      if (id === undefined) return;
      const other = used.get(id);
      if (other) ctx.addIssue({ code: 'custom', path: [name], message: `sales price ${id} already receives the ${other} price; use a separate sales price for each` });
      else used.set(id, name);
    };
    check('regular', p.regular);
    check('special', p.special);
    check('tier', p.tier);
  })
  .describe('Magento prices → PlentyONE sales prices.');

export const itemExportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'magento', batchSize: ITEM_EXPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([]),
    filters: z
      .strictObject({
        storeViews: z.array(storeViewCode()).default([]).describe('Only products of these store views (must be in storeMapping); empty: all.'),
        productTypes: z.array(z.enum(['simple', 'configurable', 'virtual', 'bundle', 'grouped', 'downloadable']))
          .default(['simple', 'configurable', 'virtual']).describe('Magento product types exported.'),
        attributeSetIds: z.array(positiveId('Magento attribute set id')).default([]).describe('Only these attribute sets; empty: all.'),
        onlyEnabled: z.boolean().default(false).describe('Skip products disabled in Magento.'),
      })
      .prefault({})
      .describe('Which products are exported.'),
    vat: z
      .strictObject({
        taxClassMap: valueMapSchema('taxClassMap', '{"2": 0, "5": 1} (Magento tax class id → PlentyONE VAT id)', nonNegativeId('PlentyONE VAT id')).default({}),
        defaultVatId: nonNegativeId('PlentyONE VAT id').optional().describe('VAT id for tax classes not in the map.'),
      })
      .prefault({})
      .describe('Magento tax class → PlentyONE VAT id.'),
    prices: pricesSchema.prefault({}),
    attributeSetPropertyId: positiveId('PlentyONE property id').optional()
      .describe('Property that receives the Magento attribute set name.'),
    texts: itemTextsSchema,
    fields: itemFieldsSchema,
    defaultUnits: defaultUnitsSchema.prefault({}),
    barcodes: z
      .array(z.strictObject({ attribute: magentoCode('Magento attribute code'), barcodeId: positiveId('PlentyONE barcode id') }))
      .default([])
      .superRefine((rows, ctx) => {
        requireUnique(rows, (r) => r.barcodeId, ctx, { field: 'barcodeId' },
          (id, first) => `barcode ${id} is already filled by row ${first}; a barcode takes one attribute`);
      })
      .describe('Magento attribute → PlentyONE barcode (e.g. EAN).'),
    marketNumbers: z
      .array(z.strictObject({
        attribute: magentoCode('Magento attribute code'),
        type: z.string().min(1).describe('Ident number type, e.g. "ASIN", "ePID".'),
        countryId: positiveId('PlentyONE country id').optional().describe('Country of the number; absent: all.'),
      }))
      .default([])
      .describe('Magento attribute → marketplace ident number of the variation.'),
    properties: z
      .strictObject({
        autoCreate: z.boolean().default(true)
          .describe('Create PlentyONE properties for exported attributes not mapped under fields (rows with propertyId map them explicitly).'),
        autoCreateOptions: z.boolean().default(true).describe('Create missing selection options of selection properties.'),
        exclude: z.array(magentoCode('Magento attribute code')).default([]).describe('Attributes never exported as properties.'),
      })
      .prefault({})
      .describe('Magento attributes → PlentyONE properties.'),
    categories: z
      .strictObject({
        assign: z.boolean().default(true).describe('Assign variations to the PlentyONE counterparts of their Magento categories.'),
        rootMapping: categoryRootsSchema.default([]),
      })
      .prefault({})
      .describe('Category assignment.'),
    urls: z
      .strictObject({
        source: z.enum(['url_key', 'attributes']).default('url_key').describe('url_key: the product URL key; attributes: joined attribute values.'),
        attributes: z.array(magentoCode('Magento attribute code')).default([]).describe('Attributes joined into the URL when source is "attributes".'),
      })
      .superRefine((u, ctx) => {
        if (u.source === 'attributes' && u.attributes.length === 0) {
          ctx.addIssue({ code: 'custom', path: ['attributes'], message: 'list the attributes the URL is built from, or set source to "url_key"' });
        }
      })
      .prefault({})
      .describe('URL path of the item texts.'),
    media: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Export product images.'),
        upload: z.enum(['url', 'content']).default('url').describe('url: PlentyONE downloads the image; content: plentygate uploads the bytes.'),
        referrers: z.array(referrerId()).default([]).describe('Channels (referrer ids) images are available for; empty: all.'),
        deleteRemoved: z.boolean().default(true).describe('Delete PlentyONE images whose Magento image was removed.'),
        checksum: z.boolean().default(true).describe('Re-upload an image only when its checksum changed.'),
      })
      .prefault({})
      .describe('Images.'),
    crossSells: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Export related, up-sell and cross-sell links as cross-selling.'),
        linkTypes: z.array(z.enum(['related', 'upsell', 'crosssell'])).default(['related', 'upsell', 'crosssell']),
      })
      .prefault({})
      .describe('Cross-selling.'),
    configurables: z
      .strictObject({
        exportParentOnChildSave: z.boolean().default(true).describe('Saving a child exports its configurable parent.'),
        exportInvisibleChildren: z.boolean().default(true).describe('Export children that are "not visible individually".'),
        attributeMap: idMapSchema('attributeMap', '{"color": 1, "size": 2} (Magento super attribute → PlentyONE attribute id)', 'PlentyONE attribute id')
          .default({}),
      })
      .prefault({})
      .describe('Configurable products → items with variations.'),
  })
  .superRefine((c, ctx) => {
    requireMappedStoreViews(c.filters.storeViews, c.storeMapping, ctx, ['filters', 'storeViews']);
    // A mapping must point at something this profile writes: a language of the store mapping, a unit
    // the PlentyONE field is kept in.
    const languages = new Set(c.storeMapping.map((r) => r.language));
    for (const [list, rows] of [['texts', c.texts], ['fields', c.fields]] as const) {
      rows.forEach((row, i) => {
        if (row.language !== undefined && c.storeMapping.length > 0 && !languages.has(row.language)) {
          ctx.addIssue({ code: 'custom', path: [list, i, 'language'], message: `no store view is mapped to language "${row.language}"; add a storeMapping row for it or change the language` });
        }
        const target = row.field === undefined ? undefined : FIELD_UNITS[row.field];
        if (row.unit && target === undefined) {
          ctx.addIssue({ code: 'custom', path: [list, i, 'unit'], message: `${row.field ?? `property ${row.propertyId}`} has no unit; remove the unit conversion` });
        } else if (row.unit && target !== undefined && row.unit.to !== target && baseUnitOf(row.unit.from) === baseUnitOf(row.unit.to)) {
          // (units of different kinds are reported by the row schema already)
          ctx.addIssue({ code: 'custom', path: [list, i, 'unit', 'to'], message: `PlentyONE keeps ${row.field} in ${target}; convert to "${target}"` });
        }
      });
    }
    const mapped = new Set(c.fields.map((row) => row.attribute));
    c.properties.exclude.forEach((code, i) => {
      if (mapped.has(code)) {
        ctx.addIssue({ code: 'custom', path: ['properties', 'exclude', i], message: `"${code}" is mapped under fields; remove it from the mapping or from exclude` });
      }
    });
  })
  .describe('Item export: Magento products → PlentyONE items, variations, prices, barcodes, texts, images.');

export type ItemExportConfig = z.infer<typeof itemExportConfigSchema>;
