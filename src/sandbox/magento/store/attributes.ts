import { MagentoStoreError, noSuchEntity } from './errors.js';
import type { AttributeSet, ProductAttribute } from './types.js';

const system = (attributeId: number, code: string, label: string, frontendInput: string, scope: ProductAttribute['scope']): ProductAttribute =>
  ({ attributeId, code, label, frontendInput, scope, userDefined: false, options: [] });

/**
 * Attributes Magento installs that products of the sandbox carry as custom attributes (their values
 * are rendered by render-product.ts). `manufacturer` is a select in Magento; the generator gives it free
 * text, so it is a text attribute here.
 */
const SYSTEM_ATTRIBUTES: ProductAttribute[] = [
  system(75, 'description', 'Description', 'textarea', 'store'),
  system(76, 'short_description', 'Short Description', 'textarea', 'store'),
  system(78, 'special_price', 'Special Price', 'price', 'website'),
  system(81, 'cost', 'Cost', 'price', 'website'),
  system(83, 'manufacturer', 'Manufacturer', 'text', 'global'),
  system(84, 'meta_title', 'Meta Title', 'text', 'store'),
  system(85, 'meta_keyword', 'Meta Keywords', 'textarea', 'store'),
  system(86, 'meta_description', 'Meta Description', 'textarea', 'store'),
  system(109, 'options_container', 'Display Product Options In', 'select', 'store'),
  system(110, 'required_options', 'required_options', 'text', 'global'),
  system(111, 'has_options', 'has_options', 'text', 'global'),
  system(120, 'url_key', 'URL Key', 'text', 'store'),
  system(132, 'tax_class_id', 'Tax Class', 'select', 'website'),
  system(135, 'category_ids', 'Categories', 'text', 'global'),
];

/** The shop's own barcode attribute (Magento has none; shops add one). */
const EAN: ProductAttribute = { attributeId: 180, code: 'ean', label: 'EAN', frontendInput: 'text', scope: 'global', userDefined: true, options: [] };

/** Magento's `Default` set and the sample data's clothing sets the generated products use. */
const ATTRIBUTE_SETS: AttributeSet[] = [
  { id: 4, name: 'Default', sortOrder: 1 },
  { id: 9, name: 'Top', sortOrder: 0 },
  { id: 10, name: 'Bottom', sortOrder: 0 },
];

/** What `POST /V1/products/attributes` is given (after the REST layer read it). */
export interface AttributeInput {
  code: string;
  label: string;
  frontendInput: string;
  scope: NonNullable<ProductAttribute['scope']>;
  storeLabels: Record<string, string>;
  options: { label: string; storeLabels: Record<string, string> }[];
}

/** Inputs whose values are option ids (their options route lists them); the rest answer no options. */
export const OPTION_INPUTS = new Set(['select', 'multiselect', 'boolean']);

/**
 * Product attributes: the generated select attributes (color, size, ...) with their options, the
 * system attributes products carry, and those created through REST. Option ids are global across
 * attributes, as in Magento's `eav_attribute_option` table.
 */
export class AttributeRepository {
  /** Shared with GraphQL (`store.attributes`); options are added in place. */
  readonly list: ProductAttribute[];
  readonly sets: AttributeSet[] = ATTRIBUTE_SETS.map((s) => ({ ...s }));

  constructor(generated: ProductAttribute[]) {
    this.list = [
      ...generated.map((a) => ({ ...a, userDefined: a.userDefined ?? true, options: a.options.map((o) => ({ ...o })) })),
      ...[...SYSTEM_ATTRIBUTES, EAN].filter((a) => !generated.some((g) => g.code === a.code)).map((a) => ({ ...a, options: [] })),
    ];
  }

  /** The attribute of a code, if Magento knows it. */
  find(code: string): ProductAttribute | undefined {
    return this.list.find((a) => a.code === code);
  }

  /** `POST /V1/products/attributes`: a user-defined attribute (Magento answers 400 for a code in use). */
  create(input: AttributeInput): ProductAttribute {
    if (this.find(input.code)) throw new MagentoStoreError('An attribute with this code already exists.');
    const attributeId = Math.max(0, ...this.list.map((a) => a.attributeId)) + 1;
    const attribute: ProductAttribute = {
      attributeId, code: input.code, label: input.label, frontendInput: input.frontendInput, scope: input.scope, userDefined: true,
      ...(Object.keys(input.storeLabels).length ? { storeLabels: input.storeLabels } : {}),
      options: [],
    };
    this.list.push(attribute);
    for (const option of input.options) this.addOption(input.code, option.label, option.storeLabels);
    return attribute;
  }

  /** `GET /V1/products/attribute-sets/{id}`. */
  requireSet(id: number): AttributeSet {
    const set = this.sets.find((s) => s.id === id);
    if (!set) throw noSuchEntity('No such entity with %fieldName = %fieldValue', { fieldName: 'id', fieldValue: id });
    return set;
  }

  /** By code, or by attribute id (Magento's EAV config loads a numeric code by id). */
  require(code: string): ProductAttribute {
    const attribute = this.list.find((a) => a.code === code) ?? (/^\d+$/.test(code) ? this.list.find((a) => a.attributeId === Number(code)) : undefined);
    if (!attribute) {
      throw noSuchEntity('The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.', [code]);
    }
    return attribute;
  }

  /** `POST /V1/products/attributes/{code}/options`; returns the new option id. */
  addOption(code: string, label: string, storeLabels: Record<string, string> = {}): number {
    const attribute = this.require(code);
    if (attribute.options.some((o) => o.label === label)) {
      throw new MagentoStoreError('Admin store attribute option label "%1" is already exists.', [label]);
    }
    const value = Math.max(0, ...this.list.flatMap((a) => a.options.map((o) => o.value))) + 1;
    attribute.options.push({ value, label, ...(Object.keys(storeLabels).length > 0 ? { storeLabels } : {}) });
    return value;
  }

  deleteOption(code: string, value: number): void {
    const attribute = this.require(code);
    const index = attribute.options.findIndex((o) => o.value === value);
    if (index < 0) {
      throw noSuchEntity('The "%1" attribute doesn\'t include an option with "%2" ID.', [code, String(value)]);
    }
    attribute.options.splice(index, 1);
  }
}
