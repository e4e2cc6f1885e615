import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';
import { magentoCode, statusId } from '../../config/ids.js';
import { fromStatusMapSchema, valueMapSchema } from '../../config/value-map.js';

export const ORDER_IMPORT_BATCH_SIZE = 20;

const magentoStatus = () => magentoCode('Magento order status code');
const idKey = (what: string) =>
  z.string().regex(/^\d+$/, { error: (i) => `${what} are whole numbers, not ${JSON.stringify(i.input)}` });

/** The Magento carrier a tracking number is filed under (`carrier_code` + `title` of the track). */
const carrierSchema = z
  .strictObject({
    carrierCode: magentoCode('Magento carrier code').describe('Magento carrier code of the track, e.g. "dhl", "ups" or "custom".'),
    title: z.string().min(1, 'a carrier title cannot be empty').max(255).describe('Carrier name shown with the tracking number.'),
  })
  .describe('Magento carrier of a tracking number.');

export const orderImportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'plenty', batchSize: ORDER_IMPORT_BATCH_SIZE }),
    statusMap: fromStatusMapSchema('statusMap', '{"5": "processing", "7": "complete"} (PlentyONE status → Magento status)', magentoStatus())
      .default({})
      .describe('PlentyONE status → Magento order status, set on the exported order with a comment when PlentyONE\'s status changes.'),
    statusActions: fromStatusMapSchema('statusActions', '{"8": "cancel", "1.1": "hold"} (PlentyONE status → Magento action)',
      z.enum(['cancel', 'hold', 'unhold'], { error: () => 'actions are cancel, hold or unhold' }))
      .default({})
      .describe('PlentyONE status → cancel, hold or unhold the Magento order.'),
    shipments: z
      .strictObject({
        create: z.boolean().default(true).describe('Create Magento shipments with tracking numbers.'),
        minStatusId: statusId().default('7').describe('Only when the PlentyONE status is at least this (7 = outgoing items booked).'),
        requireTrackingNumber: z.boolean().default(true).describe('Only when a shipping package has a tracking number.'),
        notifyCustomer: z.boolean().default(true).describe('Send Magento\'s shipment e-mail.'),
        carrierMap: valueMapSchema('carrierMap', '{"6": {"carrierCode": "dhl", "title": "DHL"}} (PlentyONE shipping profile id → Magento carrier)',
          carrierSchema, idKey('PlentyONE shipping profile ids')).default({}),
        defaultCarrier: carrierSchema.prefault({ carrierCode: 'custom', title: 'Tracking number' })
          .describe('Carrier for tracking numbers of shipping profiles not in carrierMap.'),
      })
      .prefault({})
      .describe('Shipments and tracking back-sync.'),
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
  .describe('Order import: back-sync of exported orders from PlentyONE to Magento (status, cancellation, hold, shipments with tracking). Importing marketplace orders is not built yet.');

/** What earlier versions accepted here without an effect (marketplace order import, invoices, credit memos…). */
export const orderImportRetiredSettings = [
  'storeMapping', 'filters', 'actions', 'paymentMap', 'fallbackPaymentMethod', 'shippingMap', 'fallbackShippingMethod', 'customer',
  'invoices', 'creditMemos', 'incomplete', 'deferOnHold',
  'shipments.requireDocument', 'shipments.warehouseMapping', 'shipments.defaultSourceCode',
] as const;

export type OrderImportConfig = z.infer<typeof orderImportConfigSchema>;
