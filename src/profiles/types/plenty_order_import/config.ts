import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';
import { magentoCode, positiveId, referrerId, sourceCode, statusId, storeViewCode } from '../../config/ids.js';
import { fromStatusMapSchema, valueMapSchema } from '../../config/value-map.js';
import { warehouseMappingSchema } from '../../config/warehouse-mapping.js';

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

/** A Magento shipping method as `carrier_method`, e.g. `flatrate_flatrate`. */
const shippingMethod = () => z.string().regex(/^[a-z0-9_]+_[a-z0-9_]+$/i, { error: (i) => `Magento shipping methods are written carrier_method, e.g. "flatrate_flatrate", not ${JSON.stringify(i.input)}` });

const marketplaceSchema = z
  .strictObject({
    create: z.boolean().default(false)
      .describe('Create a Magento order for each PlentyONE order of the listed referrers that plentygate did not export, once.'),
    referrers: z.array(referrerId()).default([])
      .describe('PlentyONE referrers (order origins) whose orders are imported, e.g. ["2", "4.01"] for Amazon and eBay Germany.'),
    statuses: z.array(statusId()).default([])
      .describe('Only orders in one of these PlentyONE statuses are imported; empty: any status.'),
    createdAfter: z.iso.datetime({ offset: true }).optional()
      .describe('Only orders created at or after this instant are imported (ISO 8601).'),
    storeMap: valueMapSchema('storeMap', '{"1000": "default"} (PlentyONE client id → Magento store view)', storeViewCode(), idKey('PlentyONE client ids'))
      .default({})
      .describe('PlentyONE client (plentyId) → Magento store view of its orders; orders of other clients are not imported.'),
    customer: z.enum(['linked', 'guest']).default('linked')
      .describe('linked: the Magento customer linked to the buyer\'s PlentyONE contact (by the order export, customer sync or e-mail), else a guest order; guest: always a guest order.'),
    paymentMap: valueMapSchema('paymentMap', '{"6001": "checkmo"} (PlentyONE method-of-payment id → Magento payment method code)', magentoCode('Magento payment method code'), idKey('PlentyONE method-of-payment ids'))
      .default({})
      .describe('PlentyONE method of payment → Magento payment method of the order.'),
    fallbackPaymentMethod: magentoCode('Magento payment method code').optional()
      .describe('Payment method of orders whose method is not in paymentMap; absent: such an order fails with the method\'s id.'),
    shippingMap: valueMapSchema('shippingMap', '{"6": "flatrate_flatrate"} (PlentyONE shipping profile id → Magento shipping method)', shippingMethod(), idKey('PlentyONE shipping profile ids'))
      .default({})
      .describe('PlentyONE shipping profile → Magento shipping method (carrier_method) of the order.'),
    fallbackShippingMethod: shippingMethod().optional()
      .describe('Shipping method of orders whose shipping profile is not in shippingMap; absent: such an order fails with the profile\'s id.'),
    missingProduct: z.enum(['fail', 'placeholder', 'skip_line']).default('fail')
      .describe('A line whose SKU Magento does not know: fail the order with the SKU, keep the line without a product (placeholder), or leave the line out (skip_line: the Magento total is PlentyONE\'s less that line; the order comment names it).'),
    notifyCustomer: z.boolean().default(false)
      .describe('Have Magento send its order confirmation e-mail (the marketplace has already confirmed the order to the buyer).'),
    waitWhileLocked: z.boolean().default(true)
      .describe('An order PlentyONE has locked for review (lockStatus reversibleLocked) waits, reported in the run history and read again by every delta run, until it is unlocked.'),
    waitStatuses: z.array(statusId()).default([])
      .describe('PlentyONE statuses in which an order is not final yet (e.g. "1" incomplete data, "2" waiting for approval): such an order waits, reported and read again by every delta run, until its status moves on.'),
    unpaidAfterHours: z.number().min(0).max(8760).optional()
      .describe('An order PlentyONE\'s payments do not cover waits (reported, read again by every delta run) until it is paid, at most this many hours after it was ordered; then it is imported with a comment saying it is unpaid. Absent: orders are imported paid or not (the invoice follows the payment).'),
    writeBackPropertyTypeId: positiveId('PlentyONE order property type id').optional()
      .describe('PlentyONE order property type that receives the Magento order number (7 is the external order id, which marketplaces fill themselves); absent: nothing is written back.'),
  })
  .prefault({})
  .describe('Marketplace orders (PlentyONE → new Magento orders).');

const invoicesSchema = z
  .strictObject({
    create: z.boolean().default(false).describe('Create the Magento invoice of an imported or exported order once the conditions below hold, once.'),
    requirePaid: z.boolean().default(true).describe('Only once PlentyONE\'s payments on the order cover its total.'),
    requireDocument: z.boolean().default(false).describe('Only once PlentyONE has an invoice document for the order.'),
    minStatusId: statusId().optional().describe('Only once the PlentyONE status is at least this.'),
  })
  .prefault({})
  .describe('Magento invoices.');

const creditMemosSchema = z
  .strictObject({
    create: z.boolean().default(false).describe('Create one Magento credit memo (offline refund) per PlentyONE credit note of an imported or exported order, with its lines and shipping.'),
  })
  .prefault({})
  .describe('Magento credit memos from PlentyONE credit notes.');

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
        requireDocument: z.boolean().default(false).describe('Only when PlentyONE has a delivery note for the order.'),
        notifyCustomer: z.boolean().default(true).describe('Send Magento\'s shipment e-mail.'),
        carrierMap: valueMapSchema('carrierMap', '{"6": {"carrierCode": "dhl", "title": "DHL"}} (PlentyONE shipping profile id → Magento carrier)',
          carrierSchema, idKey('PlentyONE shipping profile ids')).default({}),
        defaultCarrier: carrierSchema.prefault({ carrierCode: 'custom', title: 'Tracking number' })
          .describe('Carrier for tracking numbers of shipping profiles not in carrierMap.'),
        warehouseMapping: warehouseMappingSchema.default([])
          .describe('PlentyONE warehouse → the MSI source an order line is shipped from (the warehouse of its order item), as the stock import maps them: one Magento shipment per source, which deducts the stock there.'),
        defaultSourceCode: sourceCode().optional()
          .describe('The MSI source of lines whose warehouse is not in warehouseMapping; absent: the shipment names no source and Magento takes the stock\'s only source, else its default source.'),
      })
      .prefault({})
      .describe('Shipments and tracking back-sync.'),
    marketplace: marketplaceSchema,
    invoices: invoicesSchema,
    creditMemos: creditMemosSchema,
  })
  .superRefine((c, ctx) => {
    if (c.marketplace.create && c.marketplace.referrers.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['marketplace', 'referrers'], message: 'name the referrers (marketplaces) whose orders are imported, e.g. ["2", "4.01"]; orders of the own shop are exported from Magento, never imported' });
    }
    if (c.marketplace.create && Object.keys(c.marketplace.storeMap).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['marketplace', 'storeMap'], message: 'map at least one PlentyONE client to the Magento store view its orders go to, e.g. {"1000": "default"}' });
    }
    const both = Object.keys(c.statusActions).filter((k) => k in c.statusMap && c.statusActions[k] !== 'unhold');
    for (const key of both) {
      ctx.addIssue({
        code: 'custom',
        path: ['statusActions', key],
        message: `status ${key} both sets a Magento status (statusMap) and ${c.statusActions[key]}s the order; keep one`,
      });
    }
  })
  .describe('Order import: marketplace orders from PlentyONE become Magento orders; imported and exported orders are kept in step (status, cancellation, hold, shipments with tracking, invoices, credit memos).');

/** What earlier versions accepted here without an effect (their marketplace settings now live under `marketplace`). */
export const orderImportRetiredSettings = [
  'storeMapping', 'filters', 'actions', 'paymentMap', 'fallbackPaymentMethod', 'shippingMap', 'fallbackShippingMethod', 'customer',
  'incomplete', 'deferOnHold',
] as const;

export type OrderImportConfig = z.infer<typeof orderImportConfigSchema>;
