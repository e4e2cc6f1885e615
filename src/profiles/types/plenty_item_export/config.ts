import { z } from 'zod';
import { categoryRootsSchema } from '../../config/category-roots.js';
import { commonSettingsShape } from '../../config/common.js';
import { language, magentoCode, nonNegativeId, positiveId } from '../../config/ids.js';
import { defaultUnitsSchema, itemFieldsSchema, itemTextsSchema } from '../../config/item-fields.js';
import { storeMappingSchema } from '../../config/store-mapping.js';
import { requireUnique } from '../../config/unique.js';
import { idMapSchema, valueMapSchema } from '../../config/value-map.js';
import { weightUnits } from '../../config/field-mapping.js';
import { FIELD_UNITS } from './field-transform.js';
import { CROSS_SELLING_RELATIONSHIPS } from '../../../connectors/plenty/resources/cross-selling.js';

const baseUnitOf = (unit: string) => ((weightUnits as readonly string[]).includes(unit) ? 'g' : 'mm');

export const ITEM_EXPORT_BATCH_SIZE = 10;

const salesPriceId = () => positiveId('PlentyONE sales price id');

/** The PlentyONE relationship a Magento link type becomes (crossSells). */
const relationshipOf = (type: string) => z.enum(CROSS_SELLING_RELATIONSHIPS).optional()
  .describe(`PlentyONE relationship (e.g. "Accessory", "Similar") of the cross-selling link a Magento ${type} link becomes; absent: ${type} links are not exported.`);

const pricesSchema = z
  .strictObject({
    regular: salesPriceId().optional().describe('Sales price receiving the Magento regular price (required).'),
    special: salesPriceId().optional().describe('Sales price receiving the Magento special price.'),
    tier: salesPriceId().optional().describe('Sales price receiving the lowest tier price for all customer groups (Magento tier_prices, group 32000).'),
    customerGroups: idMapSchema('customerGroups', '{"1": 5, "2": 6} (Magento customer group id → PlentyONE sales price id)', 'PlentyONE sales price id')
      .default({}).describe('Magento customer group → sales price receiving that group\'s price (its tier price for quantity 1).'),
    purchasePriceFromCost: z.boolean().default(false).describe('Write the Magento cost attribute as the variation\'s purchase price.'),
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
    for (const [group, id] of Object.entries(p.customerGroups)) check(`customerGroups.${group}`, id);
  })
  .describe('Magento prices → PlentyONE sales prices.');

export const itemExportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'magento', batchSize: ITEM_EXPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([]),
    filters: z
      .strictObject({
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
        type: z.enum(['ASIN', 'EPID', 'UPC', 'RSIN', 'MOIN']).describe('PlentyONE market ident number type.'),
        countryId: positiveId('PlentyONE country id'),
      }))
      .default([])
      .superRefine((rows, ctx) => {
        requireUnique(rows, (r) => `${r.type} ${r.countryId}`, ctx, { field: 'type' },
          (key, first) => `${key} is already filled by row ${first}; a variation has one number per type and country`);
      })
      .describe('Magento attribute → PlentyONE market ident number (ASIN, ePID …) of a type and country; an emptied attribute removes the number.'),
    properties: z
      .strictObject({
        map: idMapSchema('properties.map', '{"material": 1, "care": 2} (Magento attribute code → PlentyONE item property id)', 'PlentyONE property id')
          .default({}).describe('Magento attribute → PlentyONE item property, written on every variation: text properties per language, int/float as numbers, selection properties as the selection value named like the option.'),
        autoCreateOptions: z.boolean().default(true)
          .describe('Create a selection value for an option the selection property has none for (by name; named per language like the option in each mapped store view); off: such a product fails saying what to create.'),
        autoCreate: z.boolean().default(false)
          .describe('A user-defined Magento attribute a product carries that no setting exports (not in properties.map, texts, fields, barcodes, marketNumbers or a configurable\'s super attributes) gets a PlentyONE item property of its own, created once and linked: text → string, textarea → text (html when HTML is allowed), select/boolean → selection, multiselect → multiSelection, price/weight → float, named per language like the attribute in each mapped store view. Other inputs (date, media image, fixed product tax) are left out.'),
        exclude: z.array(magentoCode('Magento attribute code')).default([])
          .describe('Magento attributes never written as properties (properties.autoCreate skips them).'),
        attributeSetPropertyId: positiveId('PlentyONE property id').optional()
          .describe('PlentyONE item property receiving the name of the product\'s Magento attribute set: a selection property gets the selection value named like the set (created once and linked, properties.autoCreateOptions), a text property the name in every language.'),
      })
      .prefault({})
      .superRefine((p, ctx) => {
        p.exclude.forEach((code, i) => {
          if (p.map[code] !== undefined) ctx.addIssue({ code: 'custom', path: ['exclude', i], message: `"${code}" is mapped in properties.map; remove it from one of the two` });
        });
        if (p.attributeSetPropertyId !== undefined && Object.values(p.map).includes(p.attributeSetPropertyId)) {
          ctx.addIssue({ code: 'custom', path: ['attributeSetPropertyId'], message: `property ${p.attributeSetPropertyId} already receives an attribute (properties.map); use a property of its own` });
        }
      })
      .describe('Magento attributes → PlentyONE properties.'),
    categories: z
      .strictObject({
        assign: z.boolean().default(true).describe('Assign variations to the PlentyONE counterparts of their Magento categories.'),
        rootMapping: categoryRootsSchema.default([]),
      })
      .prefault({})
      .describe('Category assignment.'),
    crossSells: z
      .strictObject({ related: relationshipOf('related'), upsell: relationshipOf('upsell'), crosssell: relationshipOf('crosssell') })
      .prefault({})
      .describe('Magento product links (related, up-sell, cross-sell) → PlentyONE item cross-selling, by relationship; a product linked under several types takes the cross-sell, else the up-sell relationship. None set: cross-selling is not exported.'),
    urls: z
      .strictObject({
        pattern: z.string().regex(/\{[a-z][a-z0-9_]*\}/, 'name at least one Magento attribute as {code}, e.g. "{name}-{color}"').optional()
          .describe('Item URL path from attributes, e.g. "{name}-{color}": each {code} is the attribute\'s value in the store view (a select attribute\'s option label), made URL-safe, written as the urlPath text of the view\'s language. Absent: urlPath comes from the texts mapping (url_key by default).'),
        byLanguage: z.record(language(), z.string().regex(/\{[a-z][a-z0-9_]*\}/, 'name at least one Magento attribute as {code}')).default({})
          .describe('A pattern per language (e.g. {"de": "{name}-{farbe}"}), used instead of urls.pattern for that language.'),
      })
      .prefault({})
      .describe('Item URL paths built from attribute combinations.'),
    media: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Export the product\'s gallery images (enabled, of type image) to its PlentyONE item.'),
        upload: z.enum(['url', 'content']).default('url')
          .describe('"url": PlentyONE downloads each image from its Magento media URL; "content": plentygate downloads it and uploads the file (a shop PlentyONE cannot reach).'),
        deleteRemoved: z.boolean().default(false).describe('Delete PlentyONE images whose file is no longer in the Magento gallery.'),
        checksum: z.boolean().default(false)
          .describe('Read every image file on each export and compare its MD5 with PlentyONE\'s: a file whose content changed under the same name is uploaded again (the old image deleted). Costs a download per image and run.'),
        referrers: z
          .array(z.strictObject({
            type: z.enum(['mandant', 'marketplace', 'listing']).describe('"mandant": a client (store), value its plentyId; "marketplace" / "listing": value a referrer id.'),
            value: z.number().refine((n) => n === -1 || (Number.isInteger(n) && n >= 0), 'a plentyId or referrer id, or -1 for every referrer of the type')
              .describe('plentyId (mandant) or referrer id; -1: every referrer of the type.'),
          }))
          .default([])
          .superRefine((rows, ctx) => {
            requireUnique(rows, (r) => `${r.type} ${r.value}`, ctx, { field: 'value' }, (key, first) => `${key} is already listed in row ${first}`);
          })
          .describe('Where the exported images are shown in PlentyONE (image availabilities): set at upload and kept in sync on every image of the item when the list changes; empty: plentygate sets none.'),
      })
      .prefault({})
      .describe('Images.'),
    deletions: z
      .strictObject({
        mode: z.enum(['deactivate', 'delete', 'ignore']).default('deactivate')
          .describe('A product deleted in Magento (delete webhook, or a run naming its SKU): its PlentyONE variation is deactivated, deleted (a simple product\'s or configurable\'s whole item), or left as it is.'),
        categories: z.boolean().default(false)
          .describe('Remove a variation\'s PlentyONE category links that its Magento product no longer has (links made in PlentyONE alone too).'),
        properties: z.boolean().default(false)
          .describe('Delete a variation\'s relation to a mapped property whose Magento attribute became empty.'),
        barcodes: z.boolean().default(false)
          .describe('Delete a variation\'s barcodes of the mapped barcode types whose Magento attribute became empty.'),
        crossSells: z.boolean().default(false)
          .describe('Delete a cross-selling link plentygate wrote whose Magento product link was removed (links made in PlentyONE alone are kept).'),
      })
      .prefault({})
      .describe('Products, category links and barcodes removed in Magento.'),
    configurables: z
      .strictObject({
        exportInvisibleChildren: z.boolean().default(true)
          .describe('Export products that are "not visible individually" and belong to no exported configurable as items of their own; off: they are skipped with that reason.'),
        createAttributes: z.boolean().default(true)
          .describe('Super attributes and options PlentyONE has no attribute or value for (by backend name: attribute code, option label) are created there; off: such a configurable fails with what to map.'),
        exportParentOnChildSave: z.boolean().default(true)
          .describe('A child named on its own (saved in Magento) exports its whole configurable (texts, images, every variation); off: only its own variation is written.'),
        attributeMap: idMapSchema('attributeMap', '{"color": 1, "size": 2} (Magento super attribute → PlentyONE attribute id)', 'PlentyONE attribute id')
          .default({}),
      })
      .prefault({})
      .describe('Configurable products → items with variations.'),
  })
  .superRefine((c, ctx) => {
    // A mapping must point at something this profile writes: a language of the store mapping, a unit
    // the PlentyONE field is kept in.
    const languages = new Set(c.storeMapping.map((r) => r.language));
    for (const lang of Object.keys(c.urls.byLanguage)) {
      if (c.storeMapping.length > 0 && !languages.has(lang)) ctx.addIssue({ code: 'custom', path: ['urls', 'byLanguage', lang], message: `no store view is mapped to language "${lang}"; add a storeMapping row for it or remove the pattern` });
    }
    for (const [list, rows] of [['texts', c.texts], ['fields', c.fields]] as const) {
      rows.forEach((row, i) => {
        if (row.language !== undefined && c.storeMapping.length > 0 && !languages.has(row.language)) {
          ctx.addIssue({ code: 'custom', path: [list, i, 'language'], message: `no store view is mapped to language "${row.language}"; add a storeMapping row for it or change the language` });
        }
        const target = FIELD_UNITS[row.field];
        if (row.unit && target === undefined) {
          ctx.addIssue({ code: 'custom', path: [list, i, 'unit'], message: `${row.field} has no unit; remove the unit conversion` });
        } else if (row.unit && target !== undefined && row.unit.to !== target && baseUnitOf(row.unit.from) === baseUnitOf(row.unit.to)) {
          // (units of different kinds are reported by the row schema already)
          ctx.addIssue({ code: 'custom', path: [list, i, 'unit', 'to'], message: `PlentyONE keeps ${row.field} in ${target}; convert to "${target}"` });
        }
      });
    }
  })
  .describe('Item export: Magento products → PlentyONE items, variations, prices, barcodes, texts, images.');

/** What earlier versions accepted here without an effect (properties, cross-selling, image upload…). */
export const itemExportRetiredSettings = [
  'filters.storeViews', 'attributeSetPropertyId',
] as const;

export type ItemExportConfig = z.infer<typeof itemExportConfigSchema>;
