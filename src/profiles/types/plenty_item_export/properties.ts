/**
 * Magento attributes → PlentyONE item properties (`properties.map`: attribute code → property id), as
 * property relations on each variation. The property's cast decides the value: text casts take the
 * value per language (the store view's, an option's label for select attributes), int/float a number,
 * selection casts the selection value whose name is the option's admin label — found, or created
 * (`properties.autoCreateOptions`) and linked at once so it is never created twice.
 * Relation ids and a hash per property are kept in the variation's link: an unchanged value writes
 * nothing, a changed one is replaced, an emptied one deleted when `deletions.properties` says so.
 */
import type { MagentoClient, MagentoProduct } from '../../../connectors/magento/index.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { PropertyRelationBody } from '../../../connectors/plenty/resources/properties.js';
import { PermanentApiError } from '../../../connectors/errors.js';
import type { LinkStore } from '../../links.js';
import type { ItemExportConfig } from './config.js';
import { hashOf } from './hashes.js';
import type { VariationState } from './link-state.js';
import { attributeValue, type SourceProduct } from './magento-source.js';
import type { ItemRecord } from './record.js';
import { RecordRefused, ignoreMissing } from './write-item.js';
import { memo } from './attribute-values.js';

/** `<propertyId>:<option label, lower case>` ↔ PlentyONE property selection id. */
export const PROPERTY_SELECTION_ENTITY = 'property_selection';

export type PropertyValue = PropertyRelationBody;

const TEXT_CASTS = new Set(['shortText', 'longText', 'html', 'string', 'text']);
const SELECTION_CASTS = new Set(['selection', 'multiSelection']);

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const optionIds = (v: unknown) => (Array.isArray(v) ? v.map(String) : String(v).split(',')).map((s) => s.trim()).filter(Boolean);

interface Deps { config: ItemExportConfig; links: LinkStore; magento: MagentoClient; plenty: PlentyClient; signal: AbortSignal }

export interface PropertyResolver {
  /** Sets `properties` on every variation of the record (one lookup of each list per run). */
  fill(record: ItemRecord, source: SourceProduct): Promise<void>;
}

export function propertyResolver(deps: Deps): PropertyResolver {
  const { config, links, magento, plenty, signal } = deps;
  const casts = memo(async (_: 'all') => new Map((await plenty.properties.list(signal)).map((p) => [p.id, p.cast ?? ''])));
  const options = memo(async (code: string) => {
    try {
      return new Map((await magento.attributes.options(code, { signal })).map((o) => [o.value, o.label]));
    } catch (error) {
      // No option list for it (a text or number attribute): its value is written as it is.
      if (error instanceof PermanentApiError && error.status === 404) return new Map<string, string>();
      throw error;
    }
  });
  const selections = memo(async (propertyId: number) => plenty.properties.selections(propertyId, signal));
  const languages = [...new Set(config.storeMapping.map((r) => r.language))];

  // Keyed by property and label as Magento spells it; linked by the label in lower case.
  const selectionIdOf = memo(async (key: string): Promise<number> => {
    const propertyId = Number(key.slice(0, key.indexOf(':')));
    const label = key.slice(key.indexOf(':') + 1).trim();
    const linkKey = `${propertyId}:${label.toLowerCase()}`;
    const link = await links.get(PROPERTY_SELECTION_ENTITY, linkKey);
    if (link) return Number(link.plentyId);
    let id = (await selections(propertyId)).find((s) => (s.names ?? []).some((n) => n.name != null && n.name.trim().toLowerCase() === label.toLowerCase()))?.id;
    if (id === undefined) {
      if (!config.properties.autoCreateOptions) {
        throw new RecordRefused(`PlentyONE property ${propertyId} has no selection value "${label}": create it there, or turn on properties.autoCreateOptions.`);
      }
      id = (await plenty.properties.createSelection(propertyId, languages.map((lang) => ({ lang, name: label })), signal)).id;
    }
    await links.upsert({ entityType: PROPERTY_SELECTION_ENTITY, magentoKey: linkKey, plentyId: String(id) });
    return id;
  });

  async function valueOf(code: string, propertyId: number, member: MagentoProduct, views: (lang: string) => MagentoProduct): Promise<PropertyValue | undefined> {
    const cast = (await casts('all')).get(propertyId);
    if (cast === undefined) throw new RecordRefused(`PlentyONE has no item property ${propertyId} (properties.map.${code}); map an existing property.`);
    if (SELECTION_CASTS.has(cast)) {
      const raw = attributeValue(member, code);
      if (empty(raw)) return undefined;
      const labels = await options(code);
      const ids = await Promise.all(optionIds(raw).map((option) => {
        const label = labels.get(option) ?? (labels.size === 0 ? option : undefined);
        if (label === undefined) throw new RecordRefused(`Option ${option} of Magento attribute "${code}" does not exist in Magento.`);
        return selectionIdOf(`${propertyId}:${label}`);
      }));
      return { propertyId, selectionValues: (cast === 'selection' ? ids.slice(0, 1) : ids).map((selectionId) => ({ selectionId })) };
    }
    if (cast === 'int' || cast === 'float') {
      const raw = attributeValue(member, code);
      if (empty(raw)) return undefined;
      const n = Number(String(raw).replace(',', '.'));
      if (!Number.isFinite(n) || (cast === 'int' && !Number.isInteger(n))) {
        throw new RecordRefused(`"${String(raw)}" of Magento attribute "${code}" is not ${cast === 'int' ? 'an integer' : 'a number'}, which PlentyONE property ${propertyId} (${cast}) takes.`);
      }
      return { propertyId, value: String(n) };
    }
    if (!TEXT_CASTS.has(cast)) throw new RecordRefused(`PlentyONE property ${propertyId} is of cast "${cast}", which the item export does not write; map a text, number or selection property.`);
    const values: { lang: string; value: string }[] = [];
    for (const lang of languages) {
      const raw = attributeValue(views(lang), code);
      if (empty(raw)) continue;
      const labels = await options(code);
      const text = labels.size ? optionIds(raw).map((o) => labels.get(o) ?? o).join(', ') : String(raw);
      values.push({ lang, value: text });
    }
    return values.length ? { propertyId, values } : undefined;
  }

  return {
    async fill(record, source) {
      const map = Object.entries(config.properties.map);
      if (!map.length) return;
      await Promise.all(record.variations.map(async (v) => {
        const member = source.children.find((c) => c.sku === v.sku) ?? source.product;
        // Store views are read for the product itself; a configurable's children give their default value.
        const views = (lang: string) => {
          if (member !== source.product) return member;
          const view = config.storeMapping.find((r) => r.language === lang)?.storeView;
          return (view === undefined ? undefined : source.views.get(view)) ?? member;
        };
        const values = await Promise.all(map.map(([code, propertyId]) => valueOf(code, propertyId, member, views)));
        v.properties = values.filter((x): x is PropertyValue => x !== undefined);
      }));
    },
  };
}

/**
 * Writes the variation's mapped properties whose value changed. While a relation id is unknown (first
 * write, a run that died after a create) the variation's relations are read once and adopted, so a
 * relation is never created twice.
 */
export async function writeProperties(
  wanted: readonly PropertyValue[],
  variation: VariationState,
  options: { mapped: readonly number[]; removeEmptied: boolean },
  plenty: PlentyClient,
  signal: AbortSignal,
): Promise<void> {
  let held = { ...(variation.propertyRelations ?? {}) };
  const mapped = new Set(options.mapped.map(String));
  if (variation.propertyRelations === undefined || wanted.some((p) => held[p.propertyId] === undefined)) {
    const relations = await plenty.properties.relationsOf(variation.variationId, signal);
    for (const r of relations) {
      if (mapped.has(String(r.propertyId)) && held[r.propertyId] === undefined) held[r.propertyId] = { id: r.id, hash: '' };
    }
  }
  for (const p of wanted) {
    const hash = hashOf(p);
    const known = held[p.propertyId];
    if (known?.hash === hash) continue;
    if (known) await plenty.properties.deleteRelation(known.id, signal).catch(ignoreMissing);
    const { [p.propertyId]: _replaced, ...rest } = held;
    held = rest;
    held[p.propertyId] = { id: (await plenty.properties.createRelation(variation.variationId, p, signal)).id, hash };
  }
  const kept = new Set(wanted.map((p) => String(p.propertyId)));
  for (const [propertyId, known] of Object.entries(held)) {
    if (kept.has(propertyId) || !mapped.has(propertyId) || !options.removeEmptied) continue;
    await plenty.properties.deleteRelation(known.id, signal).catch(ignoreMissing);
    const { [propertyId]: _gone, ...rest } = held;
    held = rest;
  }
  variation.propertyRelations = held;
}
