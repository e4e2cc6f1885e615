/**
 * PlentyONE v2 properties: `/rest/v2/properties` lists (paged, `with=names`) and creates properties
 * (a cast of the OpenAPI's list, a type, at least one name). Property values on variations: `/rest/v2/properties/relations` lists
 * (paged, filtered by id / targetId / propertyId / type as `field=operator:value`, e.g. `targetId=in:12,13`;
 * `with=values,selectionValues` adds the texts (answered as `relationValues`) and chosen selections), creates (text casts take `values` per language, int/float a `value`, selection
 * casts `selectionValues`) and deletes relations; `/rest/v2/properties/{propertyId}/selections` lists a
 * selection property's values, `/rest/v2/properties/selections` creates one. Names, with their ids,
 * are read and renamed through property-names.ts.
 */
import { w3c } from '../dates.js';
import { Validator, notFound } from '../errors.js';
import { pageOf, pageRequest } from '../paging.js';
import type { RestRouter } from '../rest-router.js';
import type { ItemStore } from '../stores/items.js';
import type { PropertyRelationStore, RelationRow, SelectionRow } from '../stores/property-relations.js';
import type { PropertyRow } from '../stores/property-relations.js';
import { renderName } from './property-names.js';

const TEXT_CASTS = ['shortText', 'longText', 'html', 'string', 'text'];
const NUMBER_CASTS = ['int', 'float'];
const SELECTION_CASTS = ['selection', 'multiSelection'];
/** The casts `POST /rest/v2/properties` takes (the OpenAPI's list). */
const CREATE_CASTS = ['int', 'float', 'empty', 'string', 'text', 'html', 'selection', 'multiSelection', 'file', 'date'];
const TYPES = ['item', 'stock', 'contact', 'opportunity'];

const renderProperty = (p: PropertyRow, withNames: boolean) => ({
  id: p.id, cast: p.cast, type: p.type, position: p.position,
  ...(withNames ? { names: p.names.map((n) => renderName('propertyId', p.id, n)) } : {}),
});

function render(r: RelationRow, extras: readonly string[]) {
  return {
    id: r.id, propertyId: r.propertyId, type: r.type, targetId: String(r.targetId), groupId: null, markup: 0, value: r.value,
    createdAt: w3c(r.createdAtMs), updatedAt: w3c(r.updatedAtMs),
    // `with=values` (the OpenAPI's word) answers the texts per language as `relationValues`.
    ...(extras.includes('values') ? { relationValues: r.values } : {}),
    ...(extras.includes('selectionValues') ? { selectionValues: r.selectionIds.map((selectionId, i) => ({ id: r.id * 100 + i, relationId: r.id, selectionId })) } : {}),
  };
}

/**
 * A v2 search filter `field=operator:value` (eq, in, gte, gt, lte, lt, between; a bare value is eq),
 * e.g. `targetId=in:12,13`. Another operator is refused.
 */
function filterOf(raw: string | undefined, name: string): ((value: string) => boolean) | undefined {
  if (raw === undefined || raw === '') return undefined;
  const m = /^([a-z]+):(.*)$/.exec(raw);
  const op = m ? m[1]! : 'eq';
  const arg = m ? m[2]! : raw;
  const list = arg.split(',').map((v) => v.trim()).filter((v) => v !== '');
  const n = Number;
  switch (op) {
    case 'eq': return (v) => v === arg;
    case 'in': return (v) => list.includes(v);
    case 'gte': return (v) => n(v) >= n(arg);
    case 'gt': return (v) => n(v) > n(arg);
    case 'lte': return (v) => n(v) <= n(arg);
    case 'lt': return (v) => n(v) < n(arg);
    case 'between': return (v) => n(v) >= n(list[0]) && n(v) <= n(list[1]);
    default: {
      const val = new Validator();
      val.add(name, `The operator "${op}" is not supported; use eq, in, gte, gt, lte, lt or between.`);
      val.throwIfAny();
      return undefined;
    }
  }
}

const renderSelection = (s: SelectionRow, withNames: boolean) => ({ id: s.id, propertyId: s.propertyId, position: s.position, ...(withNames ? { names: s.names.map((n) => renderName('selectionId', s.id, n)) } : {}) });

export function propertyRelationRoutes(r: RestRouter, items: ItemStore, store: PropertyRelationStore): void {
  r.get('/rest/v2/properties', (ctx) => {
    // `with` is comma-separated (the document's words) or repeated; ctx.list reads both.
    const withNames = ctx.list('with').includes('names');
    const type = ctx.query('type');
    return pageOf(pageRequest(ctx.query), store.properties.filter((p) => !type || p.type === type).map((p) => renderProperty(p, withNames)));
  });

  r.post('/rest/v2/properties', async (ctx) => {
    const body = await ctx.body<{ cast?: string; type?: string; position?: number; names?: { lang?: string; name?: string }[] }>();
    const val = new Validator();
    if (val.required('cast', body.cast) && !CREATE_CASTS.includes(String(body.cast))) val.add('cast', `The selected cast is invalid. Allowed: ${CREATE_CASTS.join(', ')}.`);
    if (val.required('type', body.type) && !TYPES.includes(String(body.type))) val.add('type', 'The selected type is invalid.');
    const names = (body.names ?? []).filter((n) => n.lang && n.name);
    if (names.length === 0) val.add('names', 'At least one property name must be specified.');
    val.throwIfAny();
    return renderProperty(store.addProperty({ cast: String(body.cast), type: String(body.type), position: Number(body.position ?? 0), names: names.map((n) => ({ lang: String(n.lang), name: String(n.name) })) }), true);
  });

  r.get('/rest/v2/properties/relations', (ctx) => {
    const matchers = (['id', 'targetId', 'propertyId', 'type'] as const).flatMap((name) => {
      const test = filterOf(ctx.query(name), name);
      return test ? [(row: RelationRow) => test(String(row[name]))] : [];
    });
    const rows = store.list({}).filter((row) => matchers.every((t) => t(row)));
    const extras = ctx.list('with');
    return pageOf(pageRequest(ctx.query), rows.map((row) => render(row, extras)));
  });

  r.post('/rest/v2/properties/relations', async (ctx) => {
    const body = await ctx.body<{ propertyId?: number; type?: string; targetId?: number; value?: unknown; values?: { lang?: string; value?: unknown }[]; selectionValues?: { selectionId?: number }[] }>();
    const val = new Validator();
    if (val.required('propertyId', body.propertyId)) val.integer('propertyId', body.propertyId);
    val.required('type', body.type);
    if (val.required('targetId', body.targetId)) val.integer('targetId', body.targetId);
    val.throwIfAny();
    const property = store.property(Number(body.propertyId));
    if (!property) throw notFound('Property');
    if (body.type !== property.type) val.add('type', `The property is of type ${property.type}.`);
    if (property.type === 'item' && !items.variation(Number(body.targetId))) val.add('targetId', 'The selected target id is invalid.');
    if (store.list({ targetId: Number(body.targetId), propertyId: property.id }).length) val.add('propertyId', 'The target already has a relation to this property.');
    const values = (body.values ?? []).map((v) => ({ lang: String(v.lang ?? ''), value: String(v.value ?? '') }));
    const selectionIds = (body.selectionValues ?? []).map((s) => Number(s.selectionId));
    if (TEXT_CASTS.includes(property.cast) && values.some((v) => !v.lang)) val.add('values', 'Every value needs a lang.');
    if (NUMBER_CASTS.includes(property.cast) && body.value !== undefined && !Number.isFinite(Number(body.value))) val.add('value', 'The value must be a number.');
    if (property.cast === 'int' && body.value !== undefined && !Number.isInteger(Number(body.value))) val.add('value', 'The value must be an integer.');
    if (SELECTION_CASTS.includes(property.cast)) {
      if (selectionIds.some((id) => store.selections.get(id)?.propertyId !== property.id)) val.add('selectionValues', 'A selection value does not belong to this property.');
      if (property.cast === 'selection' && selectionIds.length > 1) val.add('selectionValues', 'A selection property takes one value.');
    }
    val.throwIfAny();
    const row = store.create({
      propertyId: property.id, type: property.type, targetId: Number(body.targetId),
      value: NUMBER_CASTS.includes(property.cast) && body.value !== undefined ? String(body.value) : null, values, selectionIds,
    });
    return render(row, []);
  });

  r.delete('/rest/v2/properties/relations/{relationId}', (ctx) => {
    if (!store.delete(ctx.id('relationId'))) throw notFound('Property relation');
    return {};
  });

  r.get('/rest/v2/properties/{propertyId}/selections', (ctx) => {
    const withNames = ctx.list('with').includes('names');
    return pageOf(pageRequest(ctx.query), store.selectionsOf(ctx.id('propertyId')).map((s) => renderSelection(s, withNames)));
  });

  r.post('/rest/v2/properties/selections', async (ctx) => {
    const body = await ctx.body<{ propertyId?: number; position?: number; names?: { lang?: string; name?: string }[] }>();
    const val = new Validator();
    if (val.required('propertyId', body.propertyId)) val.integer('propertyId', body.propertyId);
    val.throwIfAny();
    const property = store.property(Number(body.propertyId));
    if (!property) throw notFound('Property');
    if (!SELECTION_CASTS.includes(property.cast)) val.add('propertyId', 'The property is not a selection property.');
    val.throwIfAny();
    return renderSelection(store.addSelection(property.id, (body.names ?? []).map((n) => ({ lang: String(n.lang ?? 'de'), name: String(n.name ?? '') }))), true);
  });
}
