/**
 * PlentyONE item properties (v2) → Magento attributes (`properties.map`). The PIM search answers a
 * variation's properties without their texts, so each page of variations the collect stage reads gets
 * one `GET /rest/v2/properties/relations` (`targetId=in:…`, `propertyId=in:…`, `with=values,
 * selectionValues`) for all of them; the properties and the mapped selections' names are read once per
 * run. Text properties give the value of the first store mapping row's language globally and each
 * other store view the value of its language where it differs; int, float and date properties their
 * value; selection properties the option of the mapped attribute (found or created like attribute
 * values, through `property_selection` links, so never twice; several options of a multi-selection
 * comma-separated). A variation without the property clears the attribute. It all lands in the
 * drafts before the hashes are taken: a second run writes nothing, a changed value one save.
 */
import type { MagentoProductInput } from '../../../connectors/magento/index.js';
import type { PlentyProperty, PlentyPropertyRelation, PlentyPropertySelection } from '../../../connectors/plenty/resources/properties.js';
import type { PimVariation } from '../../../connectors/plenty/schemas/pim.js';
import { magentoOf, plentyOf, type Ctx } from './clients.js';
import { optionResolverOf, type OptionUse } from './magento-options.js';
import type { AttributeValueInfo } from './plenty-attributes.js';
import type { ImportRecord, ProductDraft, RawItem } from './record.js';

/** Magento `<attribute code>:<option id>` ↔ PlentyONE property selection id. */
export const PROPERTY_SELECTION_LINK = 'property_selection';

const TEXT_CASTS = new Set(['shortText', 'longText', 'html', 'string', 'text']);
const VALUE_CASTS = new Set(['int', 'float', 'date']);
const SELECTION_CASTS = new Set(['selection', 'multiSelection']);

/** A variation as the collect stage hands it on: with its relations to the mapped properties. */
type WithRelations = PimVariation & { propertyRelations?: PlentyPropertyRelation[] };

/** One relations read for a page of variations (nothing when no property is mapped). */
export async function withPropertyRelations<P extends { entries: PimVariation[] }>(ctx: Ctx, page: P): Promise<P> {
  const propertyIds = ctx.config.properties.map.map((r) => r.propertyId);
  if (propertyIds.length === 0 || page.entries.length === 0) return page;
  const plenty = await plentyOf(ctx);
  const relations = await plenty.properties.relationsOfMany(page.entries.map((v) => v.id), propertyIds, ctx.signal);
  const byTarget = new Map<number, PlentyPropertyRelation[]>();
  for (const r of relations) {
    const target = Number(r.targetId);
    byTarget.set(target, [...(byTarget.get(target) ?? []), r]);
  }
  for (const v of page.entries as WithRelations[]) v.propertyRelations = byTarget.get(v.id) ?? [];
  return page;
}

interface PropertyMeta {
  property(id: number): PlentyProperty | undefined;
  selection(id: number): PlentyPropertySelection | undefined;
}

const perRun = new WeakMap<object, Promise<PropertyMeta>>();

function metaOf(ctx: Ctx): Promise<PropertyMeta> {
  let meta = perRun.get(ctx);
  if (!meta) {
    meta = (async () => {
      const plenty = await plentyOf(ctx);
      const properties = new Map((await plenty.properties.list(ctx.signal)).map((p) => [p.id, p]));
      const selections = new Map<number, PlentyPropertySelection>();
      for (const { propertyId } of ctx.config.properties.map) {
        if (!SELECTION_CASTS.has(properties.get(propertyId)?.cast ?? '')) continue;
        for (const s of await plenty.properties.selections(propertyId, ctx.signal)) selections.set(s.id, s);
      }
      return { property: (id) => properties.get(id), selection: (id) => selections.get(id) };
    })();
    perRun.set(ctx, meta);
    meta.catch(() => perRun.delete(ctx));
  }
  return meta;
}

const nameIn = (names: { lang?: string | null | undefined; name?: string | null | undefined }[] | undefined, lang: string): string | undefined =>
  names?.find((n) => n.lang === lang && n.name)?.name ?? undefined;

export async function withProperties(record: ImportRecord, raw: RawItem, ctx: Ctx): Promise<ImportRecord> {
  if (record.kind !== 'item' || ctx.config.properties.map.length === 0) return record;
  const meta = await metaOf(ctx);
  const main = raw.variations[0];
  for (const draft of [record.main, ...record.children]) {
    // A configurable takes the main variation's properties, as it takes its categories.
    const v = (draft.variationId === undefined ? main : raw.variations.find((x) => x.id === draft.variationId)) as WithRelations | undefined;
    if (v) await applyProperties(ctx, meta, draft, v, record.problems);
  }
  return record;
}

async function applyProperties(ctx: Ctx, meta: PropertyMeta, draft: ProductDraft, v: WithRelations, problems: string[]): Promise<void> {
  const [first, ...others] = ctx.config.storeMapping;
  if (!first) return;
  const global: { attribute_code: string; value: unknown }[] = [];
  for (const row of ctx.config.properties.map) {
    const property = meta.property(row.propertyId);
    const name = nameIn(property?.names, first.language) ?? `property ${row.propertyId}`;
    const relation = v.propertyRelations?.find((r) => r.propertyId === row.propertyId);
    const cast = property?.cast ?? '';
    if (!property) {
      problems.push(`PlentyONE has no item property ${row.propertyId} (properties.map fills Magento attribute "${row.attribute}" with it): fix the row.`);
    } else if (TEXT_CASTS.has(cast)) {
      const text = (lang: string) => relation?.relationValues?.find((x) => x.lang === lang)?.value ?? undefined;
      const value = text(first.language) ?? '';
      global.push({ attribute_code: row.attribute, value });
      for (const store of others) {
        const own = text(store.language);
        if (own === undefined || own === value) continue;
        const scoped: Partial<MagentoProductInput> = draft.stores[store.storeView] ?? {};
        draft.stores[store.storeView] = { ...scoped, custom_attributes: [...(scoped.custom_attributes ?? []), { attribute_code: row.attribute, value: own }] };
      }
    } else if (VALUE_CASTS.has(cast)) {
      global.push({ attribute_code: row.attribute, value: relation?.value ?? '' });
    } else if (SELECTION_CASTS.has(cast)) {
      const options: number[] = [];
      for (const { selectionId } of relation?.selectionValues ?? []) {
        const answer = await optionOf(ctx, meta, row.attribute, property, name, selectionId);
        if ('problem' in answer) problems.push(answer.problem);
        else options.push(answer.optionId);
      }
      global.push({ attribute_code: row.attribute, value: options.join(',') });
    } else {
      problems.push(`PlentyONE property ${row.propertyId} (${name}) is of type "${cast}", which has no Magento attribute value: remove it from properties.map.`);
    }
  }
  if (global.length > 0) draft.global = { ...draft.global, custom_attributes: [...(draft.global.custom_attributes ?? []), ...global] };
}

async function optionOf(ctx: Ctx, meta: PropertyMeta, code: string, property: PlentyProperty, name: string, selectionId: number) {
  const selection = meta.selection(selectionId);
  const [first] = ctx.config.storeMapping;
  const names = Object.fromEntries((selection?.names ?? []).flatMap((n) => (n.lang && n.name ? [[n.lang, n.name]] : [])));
  // PlentyONE selections have names per language only: the first store view's is the admin label.
  const label = (first && names[first.language]) || Object.values(names)[0] || String(selectionId);
  const value: AttributeValueInfo = { attributeId: property.id, attributeName: name, valueId: selectionId, backendName: label, names };
  const use: OptionUse = {
    linkType: PROPERTY_SELECTION_LINK, createOptions: ctx.config.properties.createOptions, noun: 'property',
    mapSetting: 'properties.map', createSetting: 'properties.createOptions',
  };
  return optionResolverOf(ctx, await magentoOf(ctx)).resolve(code, value, use);
}
