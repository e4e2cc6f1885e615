/**
 * Attributes and attribute values written through the API (`POST /rest/items/attributes`, `…/values`),
 * beside the generator's (colour, size), which every sandbox has. Backend names are unique per system
 * (attributes) and per attribute (values), as PlentyONE's OpenAPI describes them.
 */
import { ATTRIBUTES } from '../../generator/attributes.js';

export interface AttributeRecord { id: number; backendName: string; position: number; updatedAtMs: number }
export interface AttributeValueRecord { id: number; attributeId: number; backendName: string; position: number; updatedAtMs: number; names: { lang: string; name: string }[] }

/**
 * The store of a router's sandbox, for the list routes (routes/attributes.ts), which the item routes
 * register without it; attribute-writes.ts enters it.
 */
export const writtenAttributesOf = new WeakMap<object, AttributeStore>();

/** Created ids start above every generated one. */
const FIRST_ID = 10_000;

export class AttributeStore {
  readonly attributes: AttributeRecord[] = [];
  readonly values: AttributeValueRecord[] = [];
  private nextId = FIRST_ID;

  constructor(private readonly now: () => number) {}

  /** Generated or written. */
  exists(attributeId: number): boolean {
    return ATTRIBUTES.some((a) => a.attributeId === attributeId) || this.attributes.some((a) => a.id === attributeId);
  }

  backendNameTaken(name: string): boolean {
    return ATTRIBUTES.some((a) => a.code === name) || this.attributes.some((a) => a.backendName === name);
  }

  valueNameTaken(attributeId: number, name: string): boolean {
    const generated = ATTRIBUTES.find((a) => a.attributeId === attributeId)?.values ?? [];
    return generated.some((v) => v.code === name) || this.values.some((v) => v.attributeId === attributeId && v.backendName === name);
  }

  /** Whether `valueId` is a value of `attributeId`. */
  valueOf(attributeId: number, valueId: number): boolean {
    const generated = ATTRIBUTES.find((a) => a.attributeId === attributeId)?.values ?? [];
    return generated.some((v) => v.valueId === valueId) || this.values.some((v) => v.attributeId === attributeId && v.id === valueId);
  }

  /** Languages a value has a name in (a generated value: every label's). */
  valueLanguages(valueId: number): string[] | undefined {
    for (const a of ATTRIBUTES) {
      const v = a.values.find((x) => x.valueId === valueId);
      if (v) return Object.keys(v.labels);
    }
    return this.values.find((v) => v.id === valueId)?.names.map((n) => n.lang);
  }

  /** `POST /rest/items/attribute_values/{valueId}/names` on a written value. */
  addValueName(valueId: number, lang: string, name: string): void {
    const v = this.values.find((x) => x.id === valueId);
    if (!v) throw new Error(`attribute value ${valueId} is generated; its names are fixed`);
    v.names.push({ lang, name });
    v.updatedAtMs = this.now();
  }

  createAttribute(backendName: string, position: number): AttributeRecord {
    const a = { id: this.nextId++, backendName, position, updatedAtMs: this.now() };
    this.attributes.push(a);
    return a;
  }

  createValue(attributeId: number, backendName: string, position: number): AttributeValueRecord {
    const v = { id: this.nextId++, attributeId, backendName, position, updatedAtMs: this.now(), names: [] };
    this.values.push(v);
    return v;
  }
}
