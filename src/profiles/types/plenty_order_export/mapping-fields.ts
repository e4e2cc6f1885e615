/** What the mapping layer (src/mapping) may read and write in the order export. */
import { orderSchema } from '../../../connectors/magento/index.js';
import type { MappingAdapter } from '../../../mapping/fields.js';
import { fieldsFromSchema } from '../../../mapping/fields-from-schema.js';
import { withMappingDigest } from '../../../mapping/hash.js';
import type { OrderExportConfig } from './config.js';
import type { ExportRecord, RawOrder } from './record.js';

const address = (side: 'billing' | 'delivery', what: string) => [
  { name: side, type: 'object', description: `The PlentyONE ${what} address (absent: none is sent).` },
  { name: `${side}.name1`, type: 'string', description: 'Company.' },
  { name: `${side}.name2`, type: 'string', description: 'First name.' },
  { name: `${side}.name3`, type: 'string', description: 'Last name.' },
  { name: `${side}.name4`, type: 'string', description: 'Additional name (c/o).' },
  { name: `${side}.address1`, type: 'string', description: 'Street.' },
  { name: `${side}.address2`, type: 'string', description: 'House number.' },
  { name: `${side}.address3`, type: 'string', description: 'Address addition.' },
  { name: `${side}.postalCode`, type: 'string', description: 'Postal code.' },
  { name: `${side}.town`, type: 'string', description: 'Town.' },
  { name: `${side}.countryId`, type: 'integer', description: 'PlentyONE country id.' },
] as const;

export const orderExportMapping: MappingAdapter<RawOrder, ExportRecord, OrderExportConfig> = {
  sourceFields: fieldsFromSchema(orderSchema),
  targetFields: [
    { name: 'referrerId', type: 'string', description: 'PlentyONE order referrer (decimal id such as "4.01").' },
    { name: 'plentyId', type: 'integer', description: 'PlentyONE client (plentyId) the order belongs to.' },
    { name: 'language', type: 'string', description: 'Two-letter language of the order.' },
    { name: 'currency', type: 'string', description: 'Order currency (ISO 4217).' },
    { name: 'exchangeRate', type: 'number', description: 'Units of the order currency per unit of the system currency.' },
    { name: 'email', type: 'string', description: 'E-mail of the contact the order is booked on.' },
    { name: 'firstName', type: 'string', description: 'First name of the contact.' },
    { name: 'lastName', type: 'string', description: 'Last name of the contact.' },
    { name: 'classId', type: 'integer', description: 'PlentyONE customer class of a new contact.' },
    { name: 'gender', type: 'string', description: 'Gender of a new contact (male, female, diverse).' },
    { name: 'mopId', type: 'integer', description: 'PlentyONE method of payment id.' },
    { name: 'shippingProfileId', type: 'integer', description: 'PlentyONE shipping profile id.' },
    { name: 'statusId', type: 'string', description: 'PlentyONE order status of a new order (decimal id such as "5.0").' },
    { name: 'shipping.name', type: 'string', description: 'Name of the shipping costs line.' },
    { name: 'shipping.gross', type: 'number', description: 'Shipping costs, gross.' },
    { name: 'coupon', type: 'number', description: 'Order discount (negative) sent as a coupon line.' },
    { name: 'paid', type: 'number', description: 'Amount received, booked as a payment.' },
    { name: 'properties', type: 'array', description: 'Order properties: [{"typeId": n, "value": "…"}].' },
    ...address('billing', 'invoice'),
    ...address('delivery', 'delivery'),
  ],
  subjects: (raw, record) => (record.kind === 'order' && 'order' in raw ? [{ source: raw.order, target: record as unknown as Record<string, unknown> }] : []),
  afterMapping: (record, digest) => (record.kind === 'order' ? { ...record, hash: withMappingDigest(record.hash, digest) } : record),
};
