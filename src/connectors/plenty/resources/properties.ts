/**
 * PlentyONE v2 properties for the item export: the properties (id and cast), the selection values of
 * a selection property, their names per language (renamed by the name's own id), and a variation's
 * property relations (type "item", target the variation id).
 * A relation is written whole (create) and removed (delete); a changed value is delete + create, so
 * the write never depends on which value rows PlentyONE kept of the old one.
 */
import { z } from 'zod';
import { int, optInt, optStr, str } from '../schemas/common.js';
import { scan } from '../paging.js';
import type { PlentyTransport } from '../transport.js';

/**
 * A property's name in one language (PlentyONE's PropertyName) and a selection's (PropertySelectionName).
 * `id` is the name's own id, what a rename takes. Optional inside the lists `with=names` so that a list
 * answered without it still reads; the name lists of one property or selection require it.
 */
const propertyNameSchema = z.looseObject({ id: optInt, propertyId: optInt, lang: optStr, name: optStr, description: optStr });
const selectionNameSchema = z.looseObject({ id: optInt, selectionId: optInt, lang: optStr, name: optStr, description: optStr });
const identifiedPropertyName = propertyNameSchema.extend({ id: int });
const identifiedSelectionName = selectionNameSchema.extend({ id: int });
const propertySchema = z.looseObject({ id: int, cast: optStr, type: optStr, names: z.array(propertyNameSchema).optional() });
const selectionSchema = z.looseObject({ id: int, propertyId: optInt, names: z.array(selectionNameSchema).optional() });
export const propertyRelationSchema = z.looseObject({
  id: int, propertyId: int, type: optStr, targetId: str.nullish(), value: optStr,
  /** Texts per language (`with=values`). */
  relationValues: z.array(z.looseObject({ lang: str, value: optStr })).optional(),
  /** Chosen selections (`with=selectionValues`). */
  selectionValues: z.array(z.looseObject({ selectionId: int })).optional(),
});
export type PlentyPropertyRelation = z.output<typeof propertyRelationSchema>;
export type PlentyProperty = z.output<typeof propertySchema>;
export type PlentyPropertySelection = z.output<typeof selectionSchema>;
export type PlentyPropertyName = z.output<typeof identifiedPropertyName>;
export type PlentyPropertySelectionName = z.output<typeof identifiedSelectionName>;

/**
 * A rename (`PUT …/names/{nameId}`, the OpenAPI's body). The owner's id and the language are the name's
 * own, as its list answers them: the route's id picks the name, and nothing moves it elsewhere.
 */
export interface PropertyNameBody { propertyId: number; lang: string; name: string; description?: string }
export interface SelectionNameBody { selectionId: number; lang: string; name: string; description?: string }

export interface PropertyRelationBody {
  propertyId: number;
  /** int and float properties. */
  value?: string;
  /** Text properties, one per language. */
  values?: { lang: string; value: string }[];
  /** Selection properties. */
  selectionValues?: { selectionId: number }[];
}

async function all<S extends z.ZodType>(t: Pick<PlentyTransport, 'request'>, route: string, entry: S, query: Record<string, string | number>, path?: Record<string, number>, signal?: AbortSignal): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  for await (const row of scan(t, route, entry, { query, ...(path ? { path } : {}), ...(signal ? { signal } : {}) })) out.push(row);
  return out;
}

export function propertyCalls(t: Pick<PlentyTransport, 'request'>) {
  return {
    /** Item properties with their names per language. */
    list: (signal?: AbortSignal) => all(t, '/rest/v2/properties', propertySchema, { type: 'item', with: 'names' }, undefined, signal),
    /** Creates an item property; PlentyONE needs at least one name. Not retried: a lost answer may hide a created property. */
    create: (body: { cast: string; position?: number; names: { lang: string; name: string }[] }, signal?: AbortSignal) =>
      t.request('POST', '/rest/v2/properties', { body: { ...body, type: 'item' }, schema: propertySchema, signal }),
    selections: (propertyId: number, signal?: AbortSignal) =>
      all(t, '/rest/v2/properties/{propertyId}/selections', selectionSchema, { with: 'names' }, { propertyId }, signal),
    createSelection: (propertyId: number, names: { lang: string; name: string }[], signal?: AbortSignal) =>
      t.request('POST', '/rest/v2/properties/selections', { body: { propertyId, names }, schema: selectionSchema, signal }),
    /** A property's names with their ids (a bare array); `list` answers them too. */
    propertyNames: (propertyId: number, signal?: AbortSignal): Promise<PlentyPropertyName[]> =>
      t.request('GET', '/rest/v2/properties/{propertyId}/names', { path: { propertyId }, schema: z.array(identifiedPropertyName), signal }),
    /** A selection's names with their ids (a bare array); `selections` answers them too. */
    selectionNames: (selectionId: number, signal?: AbortSignal): Promise<PlentyPropertySelectionName[]> =>
      t.request('GET', '/rest/v2/properties/selections/{selectionId}/names', { path: { selectionId }, schema: z.array(identifiedSelectionName), signal }),
    /** Renames a property in one language. Retried like a read: the same rename twice leaves the same state. */
    updateName: (nameId: number, body: PropertyNameBody, signal?: AbortSignal) =>
      t.request('PUT', '/rest/v2/properties/names/{nameId}', { path: { nameId }, body, schema: propertyNameSchema, idempotent: true, signal }),
    /** Renames a selection value in one language; retried like updateName. */
    updateSelectionName: (nameId: number, body: SelectionNameBody, signal?: AbortSignal) =>
      t.request('PUT', '/rest/v2/properties/selections/names/{nameId}', { path: { nameId }, body, schema: selectionNameSchema, idempotent: true, signal }),
    /** The property relations of a variation. */
    relationsOf: (variationId: number, signal?: AbortSignal) =>
      all(t, '/rest/v2/properties/relations', propertyRelationSchema, { targetId: variationId, type: 'item' }, undefined, signal),
    /**
     * The relations of these properties on these variations with their texts and selections: one
     * search (`targetId=in:…`, `propertyId=in:…`) for a whole page of variations.
     */
    relationsOfMany: (variationIds: readonly number[], propertyIds: readonly number[], signal?: AbortSignal) =>
      all(t, '/rest/v2/properties/relations', propertyRelationSchema, {
        type: 'item', targetId: `in:${variationIds.join(',')}`, propertyId: `in:${propertyIds.join(',')}`, with: 'values,selectionValues',
      }, undefined, signal),
    createRelation: (variationId: number, body: PropertyRelationBody, signal?: AbortSignal) =>
      t.request('POST', '/rest/v2/properties/relations', { body: { ...body, type: 'item', targetId: variationId }, schema: propertyRelationSchema, signal }),
    deleteRelation: (relationId: number, signal?: AbortSignal) =>
      t.request('DELETE', '/rest/v2/properties/relations/{relationId}', { path: { relationId }, idempotent: true, signal }),
  };
}
