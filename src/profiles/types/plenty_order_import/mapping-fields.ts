/**
 * What the mapping layer (src/mapping) may read and write in the order import: it reads the PlentyONE
 * order and writes overrides of the Magento order a marketplace order becomes. It applies to marketplace
 * orders not yet in Magento only; an order is created once, so a changed mapping reaches the orders
 * imported after the change (Magento keeps no editable copy of these fields to rewrite).
 */
import { orderSchema } from '../../../connectors/plenty/schemas/orders.js';
import type { MappingAdapter } from '../../../mapping/fields.js';
import { fieldsFromSchema } from '../../../mapping/fields-from-schema.js';
import type { CollectedOrder } from './collect.js';
import type { OrderImportConfig } from './config.js';
import { CREDIT_NOTE_TYPE } from './documents.js';

const address = (side: 'billing_address' | 'shipping_address', what: string) => [
  { name: `${side}.firstname`, type: 'string', description: `First name on the ${what} address.` },
  { name: `${side}.lastname`, type: 'string', description: `Last name on the ${what} address.` },
  { name: `${side}.company`, type: 'string', description: `Company on the ${what} address.` },
  { name: `${side}.street`, type: 'array', description: `Street lines of the ${what} address (["Hauptstraße 1", "c/o …"]).` },
  { name: `${side}.city`, type: 'string', description: `Town of the ${what} address.` },
  { name: `${side}.postcode`, type: 'string', description: `Postcode of the ${what} address.` },
  { name: `${side}.country_id`, type: 'string', description: `Country of the ${what} address (ISO 3166 alpha-2).` },
  { name: `${side}.telephone`, type: 'string', description: `Telephone of the ${what} address.` },
] as const;

export const orderImportTargetFields = [
  { name: 'customer_email', type: 'string', description: 'E-mail of the buyer (default: the e-mail of the order\'s addresses).' },
  { name: 'customer_firstname', type: 'string', description: 'First name of the buyer (default: billing address).' },
  { name: 'customer_lastname', type: 'string', description: 'Last name of the buyer (default: billing address).' },
  { name: 'shipping_description', type: 'string', description: 'Shipping description shown on the order (default: "<referrer> (PlentyONE shipping profile n)").' },
  { name: 'comment', type: 'string', description: 'Added to the import comment in the order\'s history.' },
  { name: 'payment.method', type: 'string', description: 'Magento payment method code (default: marketplace.paymentMap).' },
  { name: 'shipping.method', type: 'string', description: 'Magento shipping method, carrier_method (default: marketplace.shippingMap).' },
  ...address('billing_address', 'billing'),
  ...address('shipping_address', 'shipping'),
] as const;

export const orderImportMapping: MappingAdapter<CollectedOrder, CollectedOrder, OrderImportConfig> = {
  sourceFields: fieldsFromSchema(orderSchema),
  targetFields: orderImportTargetFields,
  // Only marketplace orders to create: a linked order is back-synced, a credit note refunded, neither mapped.
  subjects: (_raw, record) => (!record.link && record.order && record.order.typeId !== CREDIT_NOTE_TYPE
    ? [{ source: record.order, target: (record.mapped ??= {}) }]
    : []),
};

/** The Magento order entity with what the mapping wrote (mapping-fields.ts) laid over it. */
export function withMappedFields(entity: Record<string, unknown>, mapped: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!mapped || Object.keys(mapped).length === 0) return entity;
  const { comment, payment, shipping, billing_address: billing, shipping_address: shippingAddress, ...top } = mapped as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const out: Record<string, any> = { ...entity, ...top }; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (billing) out.billing_address = { ...out.billing_address, ...billing };
  if (payment?.method) out.payment = { ...out.payment, method: payment.method };
  if (shippingAddress || shipping?.method) {
    const [assignment] = out.extension_attributes.shipping_assignments;
    const s = assignment.shipping;
    out.extension_attributes = {
      ...out.extension_attributes,
      shipping_assignments: [{ ...assignment, shipping: { ...s, address: { ...s.address, ...shippingAddress }, method: shipping?.method ?? s.method } }],
    };
  }
  if (typeof comment === 'string' && comment !== '') {
    const [first, ...rest] = out.status_histories;
    out.status_histories = [{ ...first, comment: `${first.comment} ${comment}` }, ...rest];
  }
  return out;
}
