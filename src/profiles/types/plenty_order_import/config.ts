import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';
import { classGroupMapSchema } from '../../config/customer-mapping.js';
import { magentoCode, referrerId, sourceCode, statusId } from '../../config/ids.js';
import { storeMappingSchema } from '../../config/store-mapping.js';
import { fromStatusMapSchema, valueMapSchema } from '../../config/value-map.js';
import { warehouseMappingSchema } from '../../config/warehouse-mapping.js';

export const ORDER_IMPORT_BATCH_SIZE = 20;

const magentoStatus = () => magentoCode('Magento order status code');
const idKey = (what: string) =>
  z.string().regex(/^\d+$/, { error: (i) => `${what} are whole numbers, not ${JSON.stringify(i.input)}` });

const statusRangeSchema = z
  .strictObject({
    from: statusId().optional().describe('Lowest PlentyONE status (inclusive).'),
    to: statusId().optional().describe('Highest PlentyONE status (inclusive).'),
  })
  .superRefine((r, ctx) => {
    if ((r.from === undefined) !== (r.to === undefined)) {
      const missing = r.from === undefined ? 'from' : 'to';
      ctx.addIssue({ code: 'custom', path: [missing], message: `a status range needs both from and to; set ${missing} or remove the range` });
    } else if (r.from !== undefined && r.to !== undefined && Number(r.from) > Number(r.to)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the range ends (${r.to}) before it starts (${r.from}); swap from and to` });
    }
  })
  .describe('PlentyONE status range (both ends, inclusive).');

/** The Magento carrier a tracking number is filed under (`carrier_code` + `title` of the track). */
const carrierSchema = z
  .strictObject({
    carrierCode: magentoCode('Magento carrier code').describe('Magento carrier code of the track, e.g. "dhl", "ups" or "custom".'),
    title: z.string().min(1, 'a carrier title cannot be empty').max(255).describe('Carrier name shown with the tracking number.'),
  })
  .describe('Magento carrier of a tracking number.');

const incompleteChecks = ['missing_shipment', 'missing_invoice', 'stuck_processing', 'status_mismatch', 'missing_credit_memo'] as const;

export const orderImportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'plenty', batchSize: ORDER_IMPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([]),
    filters: z
      .strictObject({
        referrerIds: z.array(referrerId()).default([])
          .describe('Marketplace referrers whose orders are imported as new Magento orders (never the own web shop\'s referrer).'),
        statusRange: statusRangeSchema.optional(),
        createdAfter: z.iso.datetime({ offset: true, error: () => 'createdAfter is an ISO 8601 date-time such as 2024-01-01T00:00:00Z' })
          .optional()
          .describe('Ignore orders created before this instant.'),
      })
      .prefault({})
      .describe('Which PlentyONE orders are imported.'),
    actions: z
      .strictObject({
        createOrders: z.boolean().default(true).describe('Create Magento orders for new marketplace orders (off: back-sync only).'),
        createMissingProducts: z.boolean().default(false).describe('Create a placeholder product when an order line\'s SKU is unknown in Magento.'),
        allowBackorders: z.boolean().default(true).describe('Create orders even when Magento has no stock (the marketplace already sold it).'),
        sendOrderEmail: z.boolean().default(false).describe('Send Magento\'s new-order e-mail (marketplaces usually do).'),
      })
      .prefault({})
      .describe('What the import does.'),
    statusMap: fromStatusMapSchema('statusMap', '{"5": "processing", "7": "complete"} (PlentyONE status → Magento status)', magentoStatus())
      .default({}),
    statusActions: fromStatusMapSchema('statusActions', '{"8": "cancel", "1.1": "hold"} (PlentyONE status → Magento action)',
      z.enum(['cancel', 'hold', 'unhold'], { error: () => 'actions are cancel, hold or unhold' }))
      .default({})
      .describe('PlentyONE status → cancel, hold or unhold the Magento order.'),
    paymentMap: valueMapSchema('paymentMap', '{"4": "checkmo"} (PlentyONE method-of-payment id → Magento payment method code)',
      magentoCode('Magento payment method code'), idKey('PlentyONE method-of-payment ids')).default({}),
    fallbackPaymentMethod: magentoCode('Magento payment method code').default('checkmo')
      .describe('Offline Magento payment method for unmapped PlentyONE methods (the marketplace collected the money).'),
    shippingMap: valueMapSchema('shippingMap', '{"6": "flatrate_flatrate"} (PlentyONE shipping profile id → Magento carrier_method)',
      magentoCode('Magento carrier_method'), idKey('PlentyONE shipping profile ids')).default({}),
    fallbackShippingMethod: magentoCode('Magento carrier_method').default('flatrate_flatrate')
      .describe('Magento shipping method for unmapped shipping profiles.'),
    customer: z
      .strictObject({
        createCustomers: z.boolean().default(false).describe('Create Magento customer accounts (off: orders are guest orders).'),
        defaultGroupId: z.number().int().min(0).default(1).describe('Magento customer group for classes not in classGroupMap.'),
        classGroupMap: classGroupMapSchema.default({}),
      })
      .prefault({})
      .describe('Buyer → Magento customer.'),
    invoices: z
      .strictObject({
        create: z.boolean().default(true).describe('Create Magento invoices.'),
        minStatusId: statusId().optional().describe('Only when the PlentyONE status is at least this.'),
        requirePaid: z.boolean().default(true).describe('Only when the PlentyONE order is paid.'),
        allowZeroTotal: z.boolean().default(true).describe('Invoice orders with a zero total.'),
        requireDocument: z.boolean().default(false).describe('Only when PlentyONE has an invoice document.'),
        excludedPaymentMethods: z.array(magentoCode('Magento payment method code')).default([]).describe('Never invoice orders paid with these.'),
      })
      .prefault({})
      .describe('Invoices.'),
    creditMemos: z
      .strictObject({
        create: z.boolean().default(true).describe('Create credit memos from PlentyONE credit notes.'),
        refund: z.enum(['offline', 'online']).default('offline').describe('online refunds through the payment provider.'),
        allowPartial: z.boolean().default(true).describe('Allow partial amounts.'),
      })
      .prefault({})
      .describe('Credit memos.'),
    shipments: z
      .strictObject({
        create: z.boolean().default(true).describe('Create Magento shipments with tracking numbers.'),
        minStatusId: statusId().default('7').describe('Only when the PlentyONE status is at least this (7 = outgoing items booked).'),
        requireDocument: z.boolean().default(false).describe('Only when PlentyONE has a delivery note.'),
        requireTrackingNumber: z.boolean().default(true).describe('Only when a shipping package has a tracking number.'),
        notifyCustomer: z.boolean().default(true).describe('Send Magento\'s shipment e-mail.'),
        warehouseMapping: warehouseMappingSchema.default([]).describe('PlentyONE warehouse → MSI source the shipment is taken from.'),
        defaultSourceCode: sourceCode().default('default').describe('MSI source when the order\'s warehouse is not mapped.'),
        carrierMap: valueMapSchema('carrierMap', '{"6": {"carrierCode": "dhl", "title": "DHL"}} (PlentyONE shipping profile id → Magento carrier)',
          carrierSchema, idKey('PlentyONE shipping profile ids')).default({}),
        defaultCarrier: carrierSchema.prefault({ carrierCode: 'custom', title: 'Tracking number' })
          .describe('Carrier for tracking numbers of shipping profiles not in carrierMap.'),
      })
      .prefault({})
      .describe('Shipments and tracking back-sync.'),
    incomplete: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Look for orders that are out of step between the systems.'),
        minAgeDays: z.number().int().min(0).default(2).describe('Youngest order checked.'),
        maxAgeDays: z.number().int().min(1).max(365).default(30).describe('Oldest order checked.'),
        checks: z.array(z.enum(incompleteChecks)).default([...incompleteChecks]).describe('What counts as incomplete.'),
      })
      .superRefine((w, ctx) => {
        if (w.minAgeDays >= w.maxAgeDays) {
          ctx.addIssue({ code: 'custom', path: ['maxAgeDays'], message: `maxAgeDays (${w.maxAgeDays}) must be larger than minAgeDays (${w.minAgeDays})` });
        }
      })
      .prefault({})
      .describe('Incomplete-order detection.'),
    deferOnHold: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Retry later for Magento orders on hold or in payment review instead of failing.'),
        retryAfterMinutes: z.number().int().min(1).max(10_080).default(60),
      })
      .prefault({})
      .describe('Deferred retry.'),
  })
  .superRefine((c, ctx) => {
    const both = Object.keys(c.statusActions).filter((k) => k in c.statusMap && c.statusActions[k] !== 'unhold');
    for (const key of both) {
      ctx.addIssue({
        code: 'custom',
        path: ['statusActions', key],
        message: `status ${key} both sets a Magento status (statusMap) and ${c.statusActions[key]}s the order; keep one`,
      });
    }
  })
  .describe('Order import: marketplace orders → Magento, and status, invoice, shipment and tracking back-sync.');

export type OrderImportConfig = z.infer<typeof orderImportConfigSchema>;
