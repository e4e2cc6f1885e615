import { z } from 'zod';
import { commonSettingsShape } from '../../config/common.js';
import {
  contactOptionsShape, countryMapSchema, genderFromPrefixSchema, groupClassMapSchema,
} from '../../config/customer-mapping.js';
import { magentoCode, positiveId, referrerId, statusId, storeViewCode } from '../../config/ids.js';
import { orderPropertiesSchema } from '../../config/order-properties.js';
import { requireMappedStoreViews, storeMappingSchema } from '../../config/store-mapping.js';
import { idMapSchema, toStatusMapSchema } from '../../config/value-map.js';

export const ORDER_EXPORT_BATCH_SIZE = 50;

const magentoStatus = () => magentoCode('Magento order status code');

/**
 * The shared contact options without `createAddresses`: a PlentyONE order names its addresses by id,
 * and those are the contact's, so the order export always creates them.
 */
const { createAddresses: _alwaysCreated, ...orderContactOptions } = contactOptionsShape;

export const orderExportConfigSchema = z
  .strictObject({
    ...commonSettingsShape({ source: 'magento', batchSize: ORDER_EXPORT_BATCH_SIZE }),
    storeMapping: storeMappingSchema.default([]),
    defaultReferrerId: referrerId().default('1').describe('Referrer (order origin) for store views without their own; "1" is the own web shop.'),
    settlingSeconds: z.number().int().min(0).max(86_400).default(60)
      .describe('Wait this long after an order is placed before exporting it, so payment and address changes land first. '
        + 'A run that meets a younger order hands it to a delayed job (one per order) that exports it when the period ends; 0 exports at once.'),
    unansweredCreateWaitSeconds: z.number().int().min(0).max(3600).default(60)
      .describe('An order create that got no answer (timeout, dropped connection) may still be written by PlentyONE: '
        + 'the retry looks the order up again this long after it before creating it once more.'),
    adoptExistingOrders: z.boolean().default(true)
      .describe('Look every new order up in PlentyONE by its external order id before creating it, and link one found there '
        + '(written by another connector, e.g. the Magento extension plentygate replaced). Off: only an order plentygate itself may have '
        + 'written already (a retry, a run that stopped between create and link, two runs at once) is looked up: one PlentyONE call less per order. '
        + 'Turn it off once nothing else writes this shop\'s orders to PlentyONE.'),
    externalOrderId: z.enum(['increment_id', 'entity_id']).default('increment_id')
      .describe('Magento value stored as the external order id (order property 7), used to find the order again.'),
    filters: z
      .strictObject({
        statuses: z.array(magentoStatus()).default([]).describe('Only orders in these Magento statuses; empty: any status not excluded.'),
        excludeStatuses: z.array(magentoStatus()).default(['pending_payment', 'payment_review', 'holded', 'canceled', 'fraud'])
          .describe('Orders in these statuses wait (pending payment is never exported, so unpaid orders do not reach PlentyONE; '
            + 'an order on hold goes once it is released).'),
        storeViews: z.array(storeViewCode()).default([]).describe('Only orders of these store views (must be in storeMapping); empty: all mapped.'),
      })
      .prefault({})
      .describe('Which orders are exported (once exported, an order\'s later changes are followed whatever its status).'),
    customer: z
      .strictObject({
        createContact: z.boolean().default(true).describe('Create a PlentyONE contact for the buyer (off: orders carry addresses only).'),
        guestAccounts: z.boolean().default(true)
          .describe('Create contacts for guest orders too (off: a guest order reuses a contact with its e-mail, and fails with a reason when there is none).'),
        ...orderContactOptions,
        defaultClassId: positiveId('PlentyONE customer class id').optional().describe('Customer class for groups not in groupClassMap.'),
        groupClassMap: groupClassMapSchema.default({}),
        genderFromPrefix: genderFromPrefixSchema,
        countryMap: countryMapSchema.default({}),
      })
      .prefault({})
      .describe('Buyer → PlentyONE contact and addresses.'),
    statusMap: toStatusMapSchema('statusMap', '{"processing": "5", "complete": "7"} (Magento status → PlentyONE status id)').default({})
      .describe('Magento status → PlentyONE status id, for the new order and for later Magento status changes (hold, unhold, complete). '
        + 'A canceled Magento order is canceled in PlentyONE (with its mapped status if that is one of the 8 group, else 8).'),
    defaultStatusId: statusId().optional().describe('PlentyONE status of orders whose Magento status is not in statusMap; absent: the system default.'),
    paymentMap: idMapSchema('paymentMap', '{"checkmo": 4, "paypal_express": 14} (Magento payment method code → PlentyONE method-of-payment id)', 'PlentyONE method-of-payment id')
      .default({})
      .describe('Magento payment method code → PlentyONE method-of-payment id. An order with an unmapped method fails with its name.'),
    shippingMap: idMapSchema('shippingMap', '{"flatrate_flatrate": 6} (Magento carrier_method → PlentyONE shipping profile id)', 'PlentyONE shipping profile id')
      .default({}),
    defaultShippingProfileId: positiveId('PlentyONE shipping profile id').optional().describe('Shipping profile for methods not in shippingMap.'),
    createPayment: z.boolean().default(true)
      .describe('Book a PlentyONE payment (method from paymentMap) and link it to the order once the Magento order is paid (total_paid > 0).'),
    commentInMagento: z.boolean().default(false)
      .describe('Add a Magento order comment naming the PlentyONE order id after the export (it carries the order\'s current status).'),
    orderProperties: orderPropertiesSchema.default([]),
    discounts: z.enum(['line_items', 'coupon_line']).default('line_items')
      .describe('line_items: item prices carry the discount; coupon_line: a separate coupon line (order property 18/19).'),
    exportTracking: z.boolean().default(true)
      .describe('Export the tracking numbers of Magento shipments as shipping packages of the PlentyONE order, each once.'),
    trackingPackageId: positiveId('PlentyONE package id').default(1)
      .describe('PlentyONE package (Setup » Orders » Shipping » Packages) the exported tracking numbers are booked on.'),
  })
  .superRefine((c, ctx) => {
    requireMappedStoreViews(c.filters.storeViews, c.storeMapping, ctx, ['filters', 'storeViews']);
    const excluded = new Set(c.filters.excludeStatuses);
    c.filters.statuses.forEach((status, i) => {
      if (excluded.has(status)) {
        ctx.addIssue({ code: 'custom', path: ['filters', 'statuses', i], message: `"${status}" is also in excludeStatuses; remove it from one of the lists` });
      }
    });
  })
  .describe('Order export: Magento web orders → PlentyONE orders with contacts, addresses and payments.');

/**
 * What earlier versions accepted here without an effect (config/retired.ts): Magento's REST API serves
 * no invoice, credit memo or shipment PDFs, an order names no sales channel, bundles go as their own
 * line, and a PlentyONE order names the contact's addresses, so they are always created.
 */
export const orderExportRetiredSettings = [
  'bundlesAsSets', 'documents', 'filters.salesChannels', 'customer.createAddresses',
] as const;

export type OrderExportConfig = z.infer<typeof orderExportConfigSchema>;
