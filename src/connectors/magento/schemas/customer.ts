/** `GET /V1/customers/search` items and the answers of customer create/update. */
import { z } from 'zod';
import { customAttributeSchema, postalAddressFields, searchResultSchema } from './search-result.js';

export const customerAddressSchema = z.looseObject({
  id: z.number().int().optional(),
  customer_id: z.number().int().optional(),
  ...postalAddressFields,
  region: z.looseObject({ region_code: z.string().nullable().optional(), region: z.string().nullable().optional(), region_id: z.number().int().optional() }).optional(),
  region_id: z.number().int().optional(),
  telephone: z.string().optional(),
  default_shipping: z.boolean().optional(),
  default_billing: z.boolean().optional(),
});

export const customerSchema = z.looseObject({
  id: z.number().int(),
  group_id: z.number().int().optional(),
  email: z.string(),
  firstname: z.string(),
  lastname: z.string(),
  /** 1 male, 2 female, 3 not specified (the `gender` attribute's options). */
  gender: z.number().int().optional(),
  dob: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  store_id: z.number().int().optional(),
  website_id: z.number().int().optional(),
  default_billing: z.string().optional(),
  default_shipping: z.string().optional(),
  addresses: z.array(customerAddressSchema).optional(),
  custom_attributes: z.array(customAttributeSchema).optional(),
  taxvat: z.string().nullish(),
  /** Magento_Newsletter adds `is_subscribed`. */
  extension_attributes: z.looseObject({ is_subscribed: z.boolean().optional() }).optional(),
});
export type MagentoCustomer = z.infer<typeof customerSchema>;

export const customerSearchResultSchema = searchResultSchema(customerSchema);

/** The `customer` object of POST /V1/customers and PUT /V1/customers/{id}. */
export interface MagentoCustomerInput {
  id?: number;
  email: string;
  firstname: string;
  lastname: string;
  group_id?: number;
  website_id?: number;
  store_id?: number;
  addresses?: Record<string, unknown>[];
  custom_attributes?: { attribute_code: string; value: unknown }[];
  [key: string]: unknown;
}
