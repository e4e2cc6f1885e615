/**
 * Attributes and attribute values written through the API (`POST /rest/items/attributes`, `…/values`),
 * beside the generator's (colour, size), which every sandbox has. Backend names are unique per system
 * (attributes) and per attribute (values), as PlentyONE's OpenAPI describes them. A value's names can
 * be renamed (`PUT /rest/items/attribute_values/{valueId}/names/{lang}`), the generated values' too.
 */
import { ATTRIBUTES } from '../../generator/attributes.js';
import type { AttributeValueDef } from '../../generator/types.js';

export interface AttributeRecord { id: number; backendName: string; position: number; updatedAtMs: number }
export interface AttributeValueRecord { id: number; attributeId: number; backendName: string; position: number; updatedAtMs: number; names: { lang: string; name: string }[] }

/**
 * The store of a router's sandbox, for the list routes (routes/attributes.ts), which the item routes
 * register without it; attribute-writes.ts enters it.
 */
export const writtenAttributesOf = new WeakMap<object, AttributeStore>();

/** Created ids start above every generated one. */
const FIRST_ID = 10_000;

function generatedValue(valueId: number): AttributeValueDef | undefined {
  for (const a of ATTRIBUTES) {
    const v = a.values.find((x) => x.valueId === valueId);
    if (v) return v;
  }
  return undefined;
}

/** What a rename changed of a generated value: its names by language and when. */
interface GeneratedRename { names: Map<string, string>; updatedAtMs: number }

export class AttributeStore {
  readonly attributes: AttributeRecord[] = [];
  readonly values: AttributeValueRecord[] = [];
  private nextId = FIRST_ID;
  /**
   * Renames of generated values. The generator's labels are one module-level table that every sandbox
   * shares, so a rename is kept here, per sandbox, and laid over them when a value is read.
   */
  private readonly generatedRenames = new Map<number, GeneratedRename>();

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
    return this.valueNames(valueId)?.map((n) => n.lang);
  }

  /** A value's names, generated or written, renames included; undefined for an unknown value. */
  valueNames(valueId: number): { lang: string; name: string }[] | undefined {
    const generated = generatedValue(valueId);
    if (!generated) return this.values.find((v) => v.id === valueId)?.names.map((n) => ({ ...n }));
    const renamed = this.generatedRenames.get(valueId)?.names;
    return Object.entries(generated.labels).map(([lang, name]) => ({ lang, name: renamed?.get(lang) ?? name }));
  }

  /** When a generated value was last renamed (its names are its only field that changes). */
  generatedRenamedAtMs(valueId: number): number | undefined {
    return this.generatedRenames.get(valueId)?.updatedAtMs;
  }

  /**
   * `PUT /rest/items/attribute_values/{valueId}/names/{lang}`: renames an existing name; false when the
   * value has no name in `lang` (the route answers 404; naming a new language is the POST's job).
   */
  renameValue(valueId: number, lang: string, name: string): boolean {
    const written = this.values.find((v) => v.id === valueId);
    if (written) {
      const entry = written.names.find((n) => n.lang === lang);
      if (!entry) return false;
      entry.name = name;
      written.updatedAtMs = this.now();
      return true;
    }
    const generated = generatedValue(valueId);
    if (!generated || !(lang in generated.labels)) return false;
    const rename = this.generatedRenames.get(valueId) ?? { names: new Map<string, string>(), updatedAtMs: 0 };
    rename.names.set(lang, name);
    rename.updatedAtMs = this.now();
    this.generatedRenames.set(valueId, rename);
    return true;
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
