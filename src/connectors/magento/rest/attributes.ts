/**
 * Product attributes and their options through REST (GraphQL has no admin attribute writes): what an
 * item import needs to map PlentyONE attribute values to Magento options and create missing ones.
 */
import { z } from 'zod';
import type { MagentoRestTransport } from '../rest-transport.js';
import { segment } from '../rest-transport.js';
import type { CallOptions } from './call-options.js';

export const attributeSchema = z.looseObject({
  attribute_id: z.union([z.number(), z.string()]).transform(Number),
  attribute_code: z.string(),
  default_frontend_label: z.string().nullish(),
  /** `text`, `textarea`, `select`, `multiselect`, `boolean`, `price`, `date` … */
  frontend_input: z.string().nullish(),
  /** Installed by Magento (false) or created by the shop. */
  is_user_defined: z.boolean().nullish(),
  /** Labels per store view id. */
  frontend_labels: z.array(z.looseObject({ store_id: z.union([z.number(), z.string()]).transform(Number), label: z.string() })).nullish(),
});
export type MagentoAttribute = z.output<typeof attributeSchema>;

export const attributeOptionSchema = z.looseObject({ label: z.string(), value: z.union([z.string(), z.number()]).transform(String) });
export type MagentoAttributeOption = z.output<typeof attributeOptionSchema>;

export const attributeSetSchema = z.looseObject({ attribute_set_id: z.number().int(), attribute_set_name: z.string() });
export type MagentoAttributeSet = z.output<typeof attributeSetSchema>;

export interface AttributeOptionInput {
  /** Admin (default) label. */
  label: string;
  /** Labels per store view id. */
  store_labels?: { store_id: number; label: string }[];
  sort_order?: number;
}

export function attributesApi(rest: MagentoRestTransport) {
  return {
    get: (code: string, options: CallOptions = {}): Promise<MagentoAttribute> =>
      rest.call({ method: 'GET', path: `/V1/products/attributes/${segment(code)}`, route: 'GET /V1/products/attributes/:code', ...options }, attributeSchema),

    /** A product attribute set (its name). */
    set: (id: number, options: CallOptions = {}): Promise<MagentoAttributeSet> =>
      rest.call({ method: 'GET', path: `/V1/products/attribute-sets/${id}`, route: 'GET /V1/products/attribute-sets/:id', ...options }, attributeSetSchema),

    /** The options with their admin labels (`store: 'all'`); Magento lists an empty option first, left out here. */
    async options(code: string, options: CallOptions = {}): Promise<MagentoAttributeOption[]> {
      const list = await rest.call(
        { method: 'GET', path: `/V1/products/attributes/${segment(code)}/options`, route: 'GET /V1/products/attributes/:code/options', store: options.store ?? 'all', signal: options.signal },
        z.array(attributeOptionSchema),
      );
      return list.filter((o) => o.value !== '');
    },

    /**
     * Adds an option; Magento answers `"id_<option id>"`. Not retried: a lost answer may hide a created
     * option (the caller reads the options again and finds it by label).
     */
    async addOption(code: string, option: AttributeOptionInput, options: CallOptions = {}): Promise<number> {
      const answer = await rest.call(
        { method: 'POST', path: `/V1/products/attributes/${segment(code)}/options`, route: 'POST /V1/products/attributes/:code/options', body: { option }, store: options.store ?? 'all', signal: options.signal },
        z.union([z.string(), z.number()]),
      );
      return Number(String(answer).replace(/^id_/, ''));
    },
  };
}

export type AttributesApi = ReturnType<typeof attributesApi>;
