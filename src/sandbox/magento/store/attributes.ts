import { MagentoStoreError, noSuchEntity } from './errors.js';
import type { ProductAttribute } from './types.js';

/**
 * Select attributes (color, size, ...) and their options. Option ids are global across attributes,
 * as in Magento's `eav_attribute_option` table.
 */
export class AttributeRepository {
  /** Shared with GraphQL (`store.attributes`); options are added in place. */
  readonly list: ProductAttribute[];

  constructor(generated: ProductAttribute[]) {
    this.list = generated.map((a) => ({ ...a, options: a.options.map((o) => ({ ...o })) }));
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
