/**
 * Attributes and attribute values (what a configurable's super attributes and options become): read
 * to find one by backend name, created when the item export is allowed to, and a value's names per
 * language added and renamed. Creates are not retried blindly: a lost answer may hide a created record,
 * which the next lookup by backend name finds; a rename is (it is idempotent).
 */
import { z } from 'zod';
import { envelopeOf, int, optInt, optStr, str } from '../schemas/common.js';
import type { PlentyTransport } from '../transport.js';

export const attributeSchema = z.looseObject({ id: int, backendName: str, position: optInt });
export const attributeValueSchema = z.looseObject({
  id: int,
  attributeId: int,
  backendName: str,
  position: optInt,
  valueNames: z.array(z.looseObject({ lang: str, name: optStr })).optional(),
});
/** A value's name in one language (PlentyONE's AttributeValueName): value id and language are its key. */
export const attributeValueNameSchema = z.looseObject({ valueId: int, lang: str, name: optStr });
export type PlentyAttribute = z.output<typeof attributeSchema>;
export type PlentyAttributeValue = z.output<typeof attributeValueSchema>;
export type PlentyAttributeValueName = z.output<typeof attributeValueNameSchema>;

export function attributeCalls(t: PlentyTransport) {
  /** Every page of a list route. */
  async function all<S extends z.ZodType>(route: string, path: Record<string, number>, entry: S, query: Record<string, string | number>, signal?: AbortSignal): Promise<z.output<S>[]> {
    const out: z.output<S>[] = [];
    for (let page = 1; ; page++) {
      const answer = await t.request('GET', route, { path, query: { ...query, page, itemsPerPage: 250 }, schema: envelopeOf(entry), signal });
      out.push(...answer.entries);
      if (answer.isLastPage || answer.entries.length === 0) return out;
    }
  }
  return {
    list: (signal?: AbortSignal) => all('/rest/items/attributes', {}, attributeSchema, {}, signal),
    /** The values of an attribute with their names per language. */
    values: (attributeId: number, signal?: AbortSignal) => all('/rest/items/attributes/{attributeId}/values', { attributeId }, attributeValueSchema, { with: 'names' }, signal),
    create: (body: { backendName: string; position?: number }, signal?: AbortSignal): Promise<PlentyAttribute> =>
      t.request('POST', '/rest/items/attributes', { body, schema: attributeSchema, signal }),
    createValue: (attributeId: number, body: { backendName: string; position?: number }, signal?: AbortSignal): Promise<PlentyAttributeValue> =>
      t.request('POST', '/rest/items/attributes/{attributeId}/values', { path: { attributeId }, body: { ...body, attributeId }, schema: attributeValueSchema, signal }),
    /** Names a value in one language (the name shown in the shop). */
    createValueName: (valueId: number, name: { lang: string; name: string }, signal?: AbortSignal): Promise<PlentyAttributeValueName> =>
      t.request('POST', '/rest/items/attribute_values/{valueId}/names', { path: { valueId }, body: { ...name, valueId }, schema: attributeValueNameSchema, signal }),
    /** A value's names, one per language (a bare array). */
    valueNames: (valueId: number, signal?: AbortSignal): Promise<PlentyAttributeValueName[]> =>
      t.request('GET', '/rest/items/attribute_values/{valueId}/names', { path: { valueId }, schema: z.array(attributeValueNameSchema), signal }),
    /**
     * Renames a value in a language it already has a name in; another language is a 404 (name it with
     * createValueName). Retried like a read: writing the same name twice leaves the same state.
     */
    updateValueName: (valueId: number, lang: string, name: string, signal?: AbortSignal): Promise<PlentyAttributeValueName> =>
      t.request('PUT', '/rest/items/attribute_values/{valueId}/names/{lang}', { path: { valueId, lang }, body: { valueId, lang, name }, schema: attributeValueNameSchema, idempotent: true, signal }),
  };
}

export type AttributeCalls = ReturnType<typeof attributeCalls>;
