import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeConfigError } from '../../src/profiles/config/errors.js';
import { fullRunCron } from '../../src/profiles/schedules.js';
import { canonicalDecimal, sameDecimal } from '../../src/profiles/config/ids.js';
import { profileTypeIds, type AnyProfileType } from '../../src/profiles/profile-type.js';
import { builtinProfileTypes, seededTypeIds } from '../../src/profiles/types/index.js';

const typeById = (id: string): AnyProfileType => {
  const type = builtinProfileTypes.find((t) => t.id === id);
  if (!type) throw new Error(`no type ${id}`);
  return type;
};

/** Parse errors as the CLI and admin API print them. */
function problems(typeId: string, config: unknown): string[] {
  const result = typeById(typeId).configSchema.safeParse(config);
  return result.success ? [] : describeConfigError(result.error);
}

const storeMapping = [
  { storeView: 'default', plentyId: 41234, language: 'de', referrerId: '1' },
  { storeView: 'en_gb', plentyId: 41234, language: 'en' },
];
const common = {
  connection: { plenty: 'plenty-live', magento: 'shop-live' },
  collection: { mode: 'delta', pageSize: 100, initialSince: '2024-01-01T00:00:00Z' },
  retry: { attempts: 3, failedRecords: { maxAttempts: 4, maxAgeDays: 3 } },
  fullRun: { frequency: 'weekly', weekday: 'sun', at: '02:30', timezone: 'Europe/Berlin' },
  logging: { requests: true, responses: false, historyDays: 14 },
};

/** One realistic configuration per type, modelled on what merchants set in the extension today. */
const fixtures: Record<string, Record<string, unknown>> = {
  plenty_category_export: {
    ...common, storeMapping, batchSize: 25,
    rootMapping: [{ magentoRootId: 2, plentyCategoryId: 16 }],
    attributes: [
      { attribute: 'name', field: 'name' },
      { attribute: 'url_key', field: 'nameUrl' },
      { attribute: 'description', field: 'description', language: 'de' },
      { attribute: 'landing_page_note', field: 'shortDescription', defaultValue: '' },
    ],
    options: { deletions: 'deactivate', includeInactive: true },
  },
  plenty_category_import: {
    ...common, storeMapping,
    rootMapping: [{ magentoRootId: 2 }],
    options: { deletions: 'disable', includeInMenu: false },
  },
  plenty_item_export: {
    ...common, storeMapping, batchSize: 10,
    filters: { productTypes: ['simple', 'configurable'], onlyEnabled: true },
    vat: { taxClassMap: { 2: 0, 5: 1 }, defaultVatId: 0 },
    prices: { regular: 1, special: 2, tier: 3 },
    texts: [
      { attribute: 'name', field: 'name' },
      { attribute: 'subtitle', field: 'name2' },
      { attribute: 'short_description', field: 'previewDescription' },
      { attribute: 'description', field: 'description' },
      { attribute: 'tech_specs', field: 'technicalData' },
      { attribute: 'url_key', field: 'urlPath' },
    ],
    fields: [
      { attribute: 'weight', field: 'weightG', unit: { from: 'kg', to: 'g' } },
      { attribute: 'ts_dimensions_length', field: 'lengthMM', unit: { from: 'cm', to: 'mm' } },
      { attribute: 'manufacturer', field: 'manufacturerId', valueMap: { Acme: 3, Globex: 7 }, defaultValue: 1 },
      { attribute: 'country_of_manufacture', field: 'producingCountryId', valueMap: { DE: 1, AT: 2, CH: 4 } },
      { attribute: 'customs_code', field: 'customsTariffNumber' },
      { attribute: 'gross_weight', field: 'weightNetG', number: { decimals: 2, decimalSeparator: ',' } },
      { attribute: 'age_rating', field: 'ageRestriction', fixedValue: 0 },
    ],
    defaultUnits: { weight: 'kg', length: 'cm' },
    barcodes: [{ attribute: 'ean', barcodeId: 1 }, { attribute: 'upc', barcodeId: 2 }],
    categories: { rootMapping: [{ magentoRootId: 2, plentyCategoryId: 16 }] },
    media: { enabled: true },
    configurables: { attributeMap: { color: 1, size: 2 }, exportInvisibleChildren: false },
  },
  plenty_item_import: {
    ...common, collection: { pageSize: 250 }, storeMapping, prices: { regular: 1, special: 2 }, vat: { taxClassMap: { 0: 2 }, defaultTaxClassId: 2 },
    barcodes: [{ attribute: 'ean', barcodeId: 1 }], categories: { defaultCategoryId: 3, removeDifferences: true },
    configurables: { attributeMap: { 1: 'color', 2: 'size' }, createOptions: false, childVisibility: 1, parentSku: 'P-{itemId}' },
    images: { enabled: true, removeDeleted: false }, search: { activeOnly: true }, websiteIds: [1], attributeSetId: 4,
  },
  plenty_order_export: {
    ...common, storeMapping, batchSize: 50, settlingSeconds: 120, defaultReferrerId: '1',
    filters: { statuses: ['processing', 'pending'], storeViews: ['default', 'en_gb'] },
    customer: {
      createContact: true, guestAccounts: true, defaultClassId: 1, groupClassMap: { 1: 1, 2: 3 },
      addressFields: { name1: 'company', name2: 'firstname', name3: 'lastname', name4: 'suffix' },
    },
    statusMap: { pending: '3', processing: '5', complete: '7', canceled: 8 },
    defaultStatusId: '5.7',
    paymentMap: { checkmo: 4, paypal_express: 14, stripe_payments: 6001 },
    shippingMap: { flatrate_flatrate: 6, dhl_paket: 7 },
    defaultShippingProfileId: 6,
    orderProperties: [{ attribute: 'customer_note', typeId: 21 }],
    discounts: 'coupon_line',
    exportTracking: true,
    trackingPackageId: 2,
  },
  plenty_order_import: {
    ...common, collection: { mode: 'delta', pageSize: 50, initialSince: '2024-06-01T00:00:00+02:00' },
    statusMap: { 5: 'processing', '7': 'complete', '7.1': 'complete' },
    statusActions: { 8: 'cancel', '1.1': 'hold' },
    shipments: {
      minStatusId: '7', requireTrackingNumber: true, notifyCustomer: false,
      carrierMap: { 6: { carrierCode: 'dhl', title: 'DHL' } },
    },
  },
  plenty_stock_import: {
    ...common, batchSize: 20, collection: { pageSize: 250 },
    warehouseMapping: [
      { warehouseId: 1, sourceCode: 'de_main' },
      { warehouseId: 3, sourceCode: 'de_main' },
      { warehouseId: 5, sourceCode: 'at_vienna' },
    ],
    mainWarehouse: { sourceCode: 'default' },
    warehouseTypes: [0],
    quantity: 'net',
    skipUnmanaged: true,
    removeStaleOnFullRun: false,
    driftReport: { enabled: true, tolerance: 1 },
  },
  plenty_customer_export: {
    ...common,
    storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }],
    filters: { storeViews: ['default'] },
    createAddresses: true,
    addressFields: { name1: 'company', name2: 'firstname', name3: 'lastname', name4: 'none' },
    b2bAccounts: true,
    countryMap: { IS: 52 },
    groupClassMap: { 1: 2 },
    defaultClassId: 1,
    newsletter: true,
    customAttributes: { customer_number: 'number' },
    deletions: 'delete',
  },
  plenty_customer_import: {
    ...common,
    batchSize: 100,
    storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }],
    filters: { typeIds: [1], classIds: [5] },
    classGroupMap: { 5: 2 },
    defaultGroupId: 1,
    createAddresses: true,
    countryMap: { IS: 52 },
    sendWelcomeEmail: false,
    newsletter: true,
    b2bAccounts: true,
    deletions: 'leave',
  },
};

describe('built-in profile types', () => {
  it('has every profile type id exactly once, and seven seeded types', () => {
    const ids = builtinProfileTypes.map((t) => t.id).sort();
    expect(ids).toEqual([...profileTypeIds].sort());
    expect(new Set(ids).size).toBe(9);
    expect(seededTypeIds).toHaveLength(7);
    expect(seededTypeIds).not.toContain('plenty_customer_export');
    expect(seededTypeIds).not.toContain('plenty_customer_import');
    for (const id of seededTypeIds) expect(ids).toContain(id);
  });

  it('declares names, directions, triggers and batch sizes', () => {
    for (const type of builtinProfileTypes) {
      expect(type.name).toMatch(/^(Category|Item|Order|Stock|Customer) (export|import)$/);
      expect(type.direction).toBe(type.id.endsWith('_export') ? 'magento_to_plenty' : 'plenty_to_magento');
      expect(type.triggers.length).toBeGreaterThan(0);
      for (const trigger of type.triggers) {
        expect(trigger.source).toBe(type.direction === 'magento_to_plenty' ? 'magento' : 'plenty');
      }
    }
    expect(typeById('plenty_order_export').defaultBatchSize).toBe(50);
    expect(typeById('plenty_item_export').defaultBatchSize).toBe(10);
    expect(typeById('plenty_stock_import').defaultBatchSize).toBe(200);
    expect(typeById('plenty_order_export').triggers).toContainEqual({ source: 'magento', entity: 'order', kinds: ['placed', 'saved'] });
    expect(typeById('plenty_item_export').triggers).toContainEqual({ source: 'magento', entity: 'product', kinds: ['saved', 'deleted'] });
    expect(typeById('plenty_stock_import').triggers).toEqual([
      { source: 'plenty', entity: 'stock' },
      { source: 'plenty', entity: 'variation' },
    ]);
    const orderImportKinds = typeById('plenty_order_import').triggers[0]?.kinds ?? [];
    expect(orderImportKinds).toEqual(expect.arrayContaining(['status_changed', 'updated', 'shipped']));
  });
});

describe.each(builtinProfileTypes.map((t) => [t.id, t] as const))('%s config', (id, type) => {
  it('parses {} with defaults, and its result parses to itself', () => {
    const config = type.configSchema.parse({}) as Record<string, unknown>;
    expect(config.batchSize).toBe(type.defaultBatchSize);
    expect(config.collection).toMatchObject({ mode: 'delta', pageSize: 50 });
    expect(config.connection).toEqual({ plenty: 'plenty', magento: 'magento' });
    expect(config.logging).toMatchObject({ requests: false, responses: false, historyDays: 7 });
    expect(config.fullRun).toMatchObject({ frequency: 'off' });
    // Stored configs are JSON with defaults applied; reading them back must not change them.
    const stored = JSON.parse(JSON.stringify(config)) as unknown;
    expect(type.configSchema.parse(stored)).toEqual(config);
  });

  it('lists what is missing for {} and nothing for a full configuration', () => {
    const missing = type.readiness?.(type.configSchema.parse({})) ?? [];
    // Types without readiness need nothing beyond the defaults (stubs, the order import's back-sync).
    if (type.readiness) expect(missing.length).toBeGreaterThan(0);
    for (const sentence of missing) expect(sentence).toMatch(/^[A-Z].+\.$/);
    const fixture = fixtures[id];
    expect(problems(id, fixture)).toEqual([]);
    expect(type.readiness?.(type.configSchema.parse(fixture)) ?? []).toEqual([]);
  });

  it('converts to JSON Schema for the admin API, with descriptions', () => {
    for (const io of ['output', 'input'] as const) {
      const schema = z.toJSONSchema(type.configSchema as z.ZodType, { io }) as Record<string, unknown>;
      expect(schema.type).toBe('object');
      expect(schema.description).toEqual(expect.any(String));
      const properties = schema.properties as Record<string, { description?: string }>;
      expect(Object.keys(properties)).toEqual(expect.arrayContaining(['connection', 'collection', 'batchSize', 'retry', 'fullRun', 'logging']));
      expect(properties.batchSize?.description).toMatch(/batch/);
    }
    // What a client of the admin API would do with the published schema: validate before sending.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(z.toJSONSchema(type.configSchema as z.ZodType, { io: 'input' }));
    expect(validate({})).toBe(true);
    expect(validate(type.configSchema.parse(fixtures[id]))).toBe(true);
    expect(validate({ batchSize: 0 })).toBe(false);
    expect(validate({ collection: { pageSize: 10_000 } })).toBe(false);
  });

  it('rejects batch size 0 and an unknown key with clear lines', () => {
    expect(problems(id, { batchSize: 0 })).toEqual(['batchSize: batchSize must be at least 1 (records written per batch)']);
    expect(problems(id, { batchSise: 5 })).toEqual(['batchSise: unknown setting "batchSise" (check its spelling against the profile\'s schema)']);
  });
});

describe('readiness of empty configurations', () => {
  it('names the missing mappings in sentences', () => {
    const missing = (id: string) => typeById(id).readiness?.(typeById(id).configSchema.parse({})) ?? [];
    expect(missing('plenty_order_export')).toEqual([
      'Map at least one Magento store view to a PlentyONE client (plentyId) under storeMapping.',
      'Map at least one Magento payment method to a PlentyONE method of payment under paymentMap.',
      'Map Magento shipping methods to PlentyONE shipping profiles under shippingMap, or set defaultShippingProfileId.',
    ]);
    expect(missing('plenty_stock_import')).toEqual([
      'Map at least one PlentyONE sales warehouse to an MSI source under warehouseMapping (or set mainWarehouse.warehouseId).',
    ]);
    expect(missing('plenty_item_export')).toContain('Choose the PlentyONE sales price that receives the Magento regular price under prices.regular.');
    // The back-sync needs no mapping of its own: PlentyONE statuses without a mapping are left alone.
    expect(missing('plenty_order_import')).toEqual([]);
  });
});

describe('typical mistakes', () => {
  it('explains a payment mapping given as rows instead of a map', () => {
    expect(problems('plenty_order_export', { paymentMap: [{ magento: 'checkmo', plenty: 4 }] })).toEqual([
      'paymentMap: paymentMap maps one code to another, e.g. {"checkmo": 4, "paypal_express": 14} (Magento payment method code → PlentyONE method-of-payment id)',
    ]);
    expect(problems('plenty_order_export', { paymentMap: { checkmo: 'four' } })).toEqual([
      'paymentMap.checkmo: PlentyONE method-of-payment id must be a whole number, not "four"',
    ]);
  });

  it('rejects status ids that are not decimals, and keeps decimals as strings', () => {
    expect(problems('plenty_order_export', { statusMap: { processing: 'abc' } })).toEqual([
      'statusMap.processing: order status ids are decimals such as "5.7", not "abc"',
    ]);
    expect(problems('plenty_order_import', { statusMap: { abc: 'processing' } })).toEqual([
      'statusMap.abc: key "abc": PlentyONE status ids are decimals such as "5.7", not "abc"',
    ]);
    const parsed = typeById('plenty_order_export').configSchema.parse({ statusMap: { processing: 5.7, complete: '7' } });
    expect(parsed.statusMap).toEqual({ processing: '5.7', complete: '7' });
    expect(problems('plenty_order_import', { statusMap: { '5.1': 'processing', '5.10': 'complete' } })).toEqual([
      'statusMap.5.10: status "5.10" is the same status as "5.1"; keep one of them',
    ]);
    expect(canonicalDecimal('05.10')).toBe('5.1');
    expect(sameDecimal('7', '7.0')).toBe(true);
  });

  it('rejects a warehouse mapped twice', () => {
    const rows = [{ warehouseId: 1, sourceCode: 'de_main' }, { warehouseId: 1, sourceCode: 'at_vienna' }];
    expect(problems('plenty_stock_import', { warehouseMapping: rows })).toEqual([
      'warehouseMapping.1.warehouseId: warehouse 1 is already mapped in row 0; a warehouse feeds one source, so remove one of the rows',
    ]);
    expect(problems('plenty_stock_import', { warehouseMapping: [rows[0]], mainWarehouse: { warehouseId: 1 } })).toEqual([
      'mainWarehouse.warehouseId: warehouse 1 is already in warehouseMapping; the main warehouse fallback would count it twice, so remove it here',
    ]);
    expect(problems('plenty_stock_import', { warehouseTypes: [0, 2] })).toEqual([
      'warehouseTypes.1: warehouse types are 0 (sales), 1 (repair), 4 (storage), 5 (transit), 6 (distribution), 7 (other)',
    ]);
  });

  it('caps the page size at the source API maximum', () => {
    expect(problems('plenty_stock_import', { collection: { pageSize: 500 } })).toEqual([
      "collection.pageSize: pageSize can be at most 250 (the PlentyONE API's maximum page size)",
    ]);
    expect(problems('plenty_order_export', { collection: { pageSize: 301 } })).toEqual([
      "collection.pageSize: pageSize can be at most 300 (the Magento API's maximum page size)",
    ]);
    expect(problems('plenty_order_export', { collection: { pageSize: 300 } })).toEqual([]);
  });

  it('checks cross-field rules with messages that say what to change', () => {
    expect(problems('plenty_order_export', { storeMapping, filters: { storeViews: ['fr_fr'] } })).toEqual([
      'filters.storeViews.0: store view "fr_fr" is not in storeMapping; add a storeMapping row for it or remove it here',
    ]);
    expect(problems('plenty_order_export', { storeMapping: [...storeMapping, { storeView: 'default', plentyId: 2 }] })).toEqual([
      'storeMapping.2.storeView: store view "default" is already mapped in row 0; keep one row per store view',
    ]);
    expect(problems('plenty_order_export', { orderProperties: [{ attribute: 'increment_id', typeId: 7 }] })).toEqual([
      'orderProperties.0.typeId: order property type 7 (external order id) is set by plentygate; map "increment_id" to another property type',
    ]);
    expect(problems('plenty_order_import', { statusMap: { 8: 'canceled' }, statusActions: { 8: 'cancel' } })).toEqual([
      'statusActions.8: status 8 both sets a Magento status (statusMap) and cancels the order; keep one',
    ]);
    expect(problems('plenty_item_export', { fullRun: { frequency: 'weekly' } })).toEqual([
      'fullRun.weekday: a weekly full run needs a weekday (sun … sat)',
    ]);
    expect(problems('plenty_item_export', { fullRun: { frequency: 'daily', timezone: 'Mars/Olympus' } })).toEqual([
      'fullRun.timezone: unknown time zone "Mars/Olympus"; use an IANA name such as "Europe/Berlin"',
    ]);
    expect(problems('plenty_item_export', {
      fields: [
        { attribute: 'weight', field: 'weightG', unit: { from: 'kg', to: 'mm' } },
        { attribute: 'net_weight', field: 'weightNetG' },
        { attribute: 'color' },
        { attribute: 'condition', field: 'flagOne', fixedValue: 1, defaultValue: 0 },
      ],
    })).toEqual([
      'fields.0.unit.to: cannot convert kg (weight) to mm (length); pick units of the same kind',
      'fields.2.field: field is one of model, externalId, weightG, weightNetG, widthMM, lengthMM, heightMM, manufacturerId, producingCountryId, customsTariffNumber, supplierId, purchasePrice, ageRestriction, flagOne, flagTwo',
      'fields.3.fixedValue: fixedValue ignores the source value, so defaultValue and valueMap would never apply; remove one or the other',
    ]);
    expect(problems('plenty_item_export', {
      fields: [{ attribute: 'weight', field: 'weightG' }, { attribute: 'net_weight', field: 'weightG' }],
    })).toEqual(['fields.1.attribute: weightG is already filled by row 0; a target takes one attribute']);
    // Properties as targets are not built yet: a row names a field.
    expect(problems('plenty_item_export', { fields: [{ attribute: 'material', field: 'model', propertyId: 44 }] })).toEqual([
      'fields.0.propertyId: unknown setting "propertyId" (check its spelling against the profile\'s schema)',
    ]);
    expect(problems('plenty_order_export', { customer: { addressFields: { name1: 'lastname' } } })).toEqual([
      'customer.addressFields.name3: lastname already fills name1; each Magento field fills one name line',
    ]);
  });

  it('reports several problems at once, one line each', () => {
    const lines = problems('plenty_order_export', {
      batchSize: 0, storeMapping: [{ storeView: 'de de', plentyId: -1, language: 'German' }], discounts: 'coupon',
    });
    expect(lines).toEqual([
      'batchSize: batchSize must be at least 1 (records written per batch)',
      'storeMapping.0.storeView: store view codes start with a letter and contain only letters, digits and _ (got "de de")',
      'storeMapping.0.plentyId: PlentyONE client id (plentyId) must be 1 or greater',
      'storeMapping.0.language: languages are two lower-case letters such as "de" or "en", not "German"',
      'discounts: Invalid option: expected one of "line_items"|"coupon_line"',
    ]);
  });
});

describe('full-run hint', () => {
  it('becomes a cron expression in its time zone', () => {
    const schema = typeById('plenty_stock_import').configSchema;
    const cron = (fullRun: unknown) => fullRunCron((schema.parse({ fullRun }) as { fullRun: Parameters<typeof fullRunCron>[0] }).fullRun);
    expect(cron({})).toBeUndefined();
    expect(cron({ frequency: 'daily', at: '02:30' })).toBe('30 2 * * *');
    expect(cron({ frequency: 'weekly', weekday: 'mon' })).toBe('0 3 * * 1');
    expect(cron({ frequency: 'monthly', dayOfMonth: 15, at: '23:05' })).toBe('5 23 15 * *');
    expect(problems('plenty_stock_import', { fullRun: { frequency: 'monthly' } })).toEqual([
      'fullRun.dayOfMonth: a monthly full run needs dayOfMonth (1–28)',
    ]);
  });
});
