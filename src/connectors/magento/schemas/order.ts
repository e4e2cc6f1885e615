/**
 * `GET /V1/orders/{id}` and the items of `GET /V1/orders`, modelled on
 * reference/magento/examples/order-get.json. Magento leaves out fields that are null (a guest
 * order has no `customer_id`), so everything not present on every order is optional.
 */
import { z } from 'zod';
import { postalAddressFields, searchResultSchema } from './search-result.js';

const amount = z.number();

export const orderAddressSchema = z.looseObject({
  entity_id: z.number().int().optional(),
  parent_id: z.number().int().optional(),
  address_type: z.string().optional(),
  ...postalAddressFields,
  region: z.string().nullable().optional(),
  region_code: z.string().nullable().optional(),
  region_id: z.number().int().nullable().optional(),
  telephone: z.string().nullable().optional(),
  email: z.string().optional(),
  vat_id: z.string().nullable().optional(),
});
export type MagentoOrderAddress = z.infer<typeof orderAddressSchema>;

export const orderItemSchema = z.looseObject({
  item_id: z.number().int(),
  order_id: z.number().int().optional(),
  parent_item_id: z.number().int().nullable().optional(),
  sku: z.string(),
  name: z.string().optional(),
  product_id: z.number().int().optional(),
  product_type: z.string().optional(),
  qty_ordered: z.number(),
  qty_invoiced: z.number().optional(),
  qty_shipped: z.number().optional(),
  qty_canceled: z.number().optional(),
  qty_refunded: z.number().optional(),
  price: amount.optional(),
  base_price: amount.optional(),
  price_incl_tax: amount.optional(),
  original_price: amount.optional(),
  row_total: amount.optional(),
  row_total_incl_tax: amount.optional(),
  tax_amount: amount.optional(),
  tax_percent: z.number().optional(),
  discount_amount: amount.optional(),
  weight: z.number().nullable().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type MagentoOrderItem = z.infer<typeof orderItemSchema>;

export const orderPaymentSchema = z.looseObject({
  method: z.string(),
  amount_ordered: amount.optional(),
  amount_paid: amount.optional(),
  additional_information: z.array(z.string()).optional(),
  last_trans_id: z.string().nullable().optional(),
});

export const statusHistorySchema = z.looseObject({
  comment: z.string().nullable().optional(),
  created_at: z.string().optional(),
  entity_id: z.number().int().optional(),
  status: z.string().nullable().optional(),
  is_customer_notified: z.number().int().nullable().optional(),
  is_visible_on_front: z.number().int().optional(),
});

export const shippingAssignmentSchema = z.looseObject({
  shipping: z
    .looseObject({
      address: orderAddressSchema.optional(),
      method: z.string().nullable().optional(),
      total: z.looseObject({}).optional(),
    })
    .optional(),
  items: z.array(orderItemSchema).optional(),
});

export const orderSchema = z.looseObject({
  entity_id: z.number().int(),
  increment_id: z.string(),
  state: z.string(),
  // Absent when Magento lost it (a comment posted without a status before AC-1342, magento/magento2#34180):
  // read as "" so the order still parses and shows up as having no status.
  status: z.string().nullish().transform((s) => s ?? ''),
  created_at: z.string(),
  updated_at: z.string(),
  store_id: z.number().int(),
  customer_id: z.number().int().optional(),
  customer_is_guest: z.number().int().optional(),
  customer_email: z.string(),
  customer_firstname: z.string().optional(),
  customer_lastname: z.string().optional(),
  customer_group_id: z.number().int().optional(),
  order_currency_code: z.string(),
  base_currency_code: z.string().optional(),
  /** Order currency per unit of the base currency (1 when they are the same). */
  base_to_order_rate: z.number().optional(),
  grand_total: amount,
  base_grand_total: amount.optional(),
  subtotal: amount.optional(),
  subtotal_incl_tax: amount.optional(),
  shipping_amount: amount.optional(),
  shipping_incl_tax: amount.optional(),
  shipping_description: z.string().optional(),
  tax_amount: amount.optional(),
  discount_amount: amount.optional(),
  total_paid: amount.optional(),
  total_due: amount.optional(),
  weight: z.number().optional(),
  items: z.array(orderItemSchema),
  billing_address: orderAddressSchema.optional(),
  payment: orderPaymentSchema.optional(),
  status_histories: z.array(statusHistorySchema).optional(),
  extension_attributes: z
    .looseObject({
      shipping_assignments: z.array(shippingAssignmentSchema).optional(),
    })
    .optional(),
});
export type MagentoOrder = z.infer<typeof orderSchema>;

export const orderSearchResultSchema = searchResultSchema(orderSchema);
