/**
 * Magento attributes → PlentyONE item properties (`properties.map`: attribute code → property id), as
 * property relations on each variation. The property's cast decides the value: text casts take the
 * value per language (the store view's, an option's label for select attributes), int/float a number,
 * selection casts the selection value whose name is the option's admin label — found, or created
 * (`properties.autoCreateOptions`, named per language like the option in each mapped store view) and
 * linked at once so it is never created twice. With `properties.autoCreate`, a user-defined attribute no
 * setting exports gets a property of its own (cast from its frontend input, names per language), found
 * by its link or by name, else created and linked at once. `properties.attributeSetPropertyId` receives
 * the name of the product's attribute set.
 * Relation ids and a hash per property are kept in the variation's link: an unchanged value writes
 * nothing, a changed one is replaced, an emptied one deleted when `deletions.properties` says so.
 */
import type { MagentoClient, MagentoProduct } from '../../../connectors/magento/index.js';
import type { MagentoAttribute } from '../../../connectors/magento/rest/attributes.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { PropertyRelationBody } from '../../../connectors/plenty/resources/properties.js';
import { PermanentApiError } from '../../../connectors/errors.js';
import type { LinkStore } from '../../links.js';
import type { ItemExportConfig } from './config.js';
import { hashOf } from './hashes.js';
import type { VariationState } from './link-state.js';
import { attributeValue, viewPerLanguage, type SourceProduct } from './magento-source.js';
import type { ItemRecord } from './record.js';
import { RecordRefused, ignoreMissing } from './write-item.js';
import { memo } from './attribute-values.js';
import { keepNames, NAMES_ASPECT, type Names } from './keep-names.js';
import type { PlannedWrites } from './planned-writes.js';

/** `<attribute code>:<option id>` (an option; before: `<propertyId>:<option label, lower case>`) ↔ PlentyONE property selection id. */
export const PROPERTY_SELECTION_ENTITY = 'property_selection';
/** Magento attribute code ↔ the PlentyONE property properties.autoCreate made (or found) for it. */
export const PROPERTY_ENTITY = 'property';


/** The cast of the property made for an attribute of this input; undefined: not made (properties.autoCreate). */
export function castFor(attribute: MagentoAttribute): string | undefined {
  switch (attribute.frontend_input) {
    case 'text': return 'string';
    case 'textarea': return attribute.is_html_allowed_on_front === true || attribute.is_wysiwyg_enabled === true ? 'html' : 'text';
    case 'texteditor': case 'pagebuilder': return 'html';
    case 'select': case 'boolean': return 'selection';
    case 'multiselect': return 'multiSelection';
    case 'price': case 'weight': return 'float';
    default: return undefined;
  }
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const isMissing = (error: unknown) => error instanceof PermanentApiError && error.status === 404;

export type PropertyValue = PropertyRelationBody;

const TEXT_CASTS = new Set(['shortText', 'longText', 'html', 'string', 'text']);
const SELECTION_CASTS = new Set(['selection', 'multiSelection']);

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const optionIds = (v: unknown) => (Array.isArray(v) ? v.map(String) : String(v).split(',')).map((s) => s.trim()).filter(Boolean);

interface Deps { config: ItemExportConfig; links: LinkStore; magento: MagentoClient; plenty: PlentyClient; signal: AbortSignal; planned: PlannedWrites }

export interface PropertyResolver {
  /**
   * Sets `properties` on every variation of the record (one lookup of each list per run). `exported`:
   * attributes the record writes otherwise (a configurable's super attributes), never made properties.
   */
  fill(record: ItemRecord, source: SourceProduct, exported?: readonly string[]): Promise<void>;
  /** Ids of the properties this profile writes: mapped, the attribute set's, and those made for attributes. */
  managed(): Promise<number[]>;
}

export function propertyResolver(deps: Deps): PropertyResolver {
  const { config, links, magento, plenty, signal, planned } = deps;
  const settings = config.properties;
  const properties = memo(async (_: 'all') => plenty.properties.list(signal));
  const casts = memo(async (_: 'all') => new Map((await properties('all')).map((p) => [p.id, p.cast ?? ''])));
  // Option labels as a store view sees them (`all`: the admin labels); a text attribute has none, an unknown one (404) neither.
  const storeOptions = memo(async (key: string) => {
    const [store, code] = [key.slice(0, key.indexOf('\0')), key.slice(key.indexOf('\0') + 1)];
    try {
      return new Map((await magento.attributes.options(code, { store, signal })).map((o) => [o.value, o.label]));
    } catch (error) {
      if (isMissing(error)) return new Map<string, string>();
      throw error;
    }
  });
  const options = (code: string) => storeOptions(`all\0${code}`);
  // A property a dry run planned (an id below zero) has no selections yet.
  const selections = memo(async (propertyId: number) => (propertyId < 0 ? [] : plenty.properties.selections(propertyId, signal)));
  // One store view per language: the first mapped one.
  const viewOf = viewPerLanguage(config.storeMapping);
  const languages = [...viewOf.keys()];
  const storeIds = memo(async (_: 'all') => new Map((await magento.storeViews({ signal })).map((v) => [v.code, v.id])));
  const attributeOf = memo(async (code: string): Promise<MagentoAttribute | undefined> => {
    try {
      return await magento.attributes.get(code, { signal });
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  });
  const setName = memo(async (id: number) => (await magento.attributes.set(id, { signal })).attribute_set_name);

  /** The option's label in each mapped language (the store view's label, else the admin label). */
  async function optionNames(code: string, option: string, admin: string): Promise<Names> {
    return Promise.all(languages.map(async (lang) => ({ lang, name: (await storeOptions(`${viewOf.get(lang)}\0${code}`)).get(option)?.trim() || admin })));
  }

  /**
   * The selection value of an option, one lookup per run. An option of a select attribute is linked by
   * the option (`<attribute code>:<option id>`, as the item import links the selections it maps), so
   * a renamed option keeps its selection value and renames it (keep-names.ts); a value without
   * an option (a text attribute, the attribute set's name) by the label in lower case
   * (`<property id>:<label>`), as every selection link was before. An option linked the old way is
   * found by its label once and linked by the option from then on.
   */
  const selectionCache = new Map<string, Promise<number>>();
  function selectionIdOf(propertyId: number, label: string, names: () => Promise<Names>, option?: { code: string; id: string }): Promise<number> {
    const key = option ? `${option.code}:${option.id}` : `${propertyId}:${label.trim()}`;
    let hit = selectionCache.get(key);
    if (!hit) {
      hit = findOrCreateSelection(propertyId, label.trim(), names, option && key);
      selectionCache.set(key, hit);
      hit.catch(() => selectionCache.delete(key));
    }
    return hit;
  }
  async function findOrCreateSelection(propertyId: number, label: string, names: () => Promise<Names>, optionKey: string | undefined): Promise<number> {
    if (optionKey) {
      const link = await links.get(PROPERTY_SELECTION_ENTITY, optionKey);
      if (link) {
        const selectionId = Number(link.plentyId);
        await keepNames({ links, planned }, {
          key: `selection:${selectionId}`, link: { entityType: PROPERTY_SELECTION_ENTITY, magentoKey: optionKey, plentyId: link.plentyId }, what: `selection ${selectionId} of option ${optionKey}`,
          current: () => plenty.properties.selectionNames(selectionId, signal),
          addsLanguages: false,
          write: async ({ lang, name }, held) => void await plenty.properties.updateSelectionName(held!.id, { selectionId, lang, name }, signal),
        }, await names(), link.aspectHashes?.[NAMES_ASPECT]);
        return Number(link.plentyId);
      }
    }
    const labelKey = `${propertyId}:${label.toLowerCase()}`;
    const old = await links.get(PROPERTY_SELECTION_ENTITY, labelKey);
    let id = old ? Number(old.plentyId) : (await selections(propertyId)).find((s) => (s.names ?? []).some((n) => n.name != null && same(n.name, label)))?.id;
    const named = await names();
    if (id === undefined) {
      if (!settings.autoCreateOptions) {
        throw new RecordRefused(`PlentyONE property ${propertyId} has no selection value "${label}": create it there, or turn on properties.autoCreateOptions.`);
      }
      id = await planned.make(`selection "${label}" of property ${propertyId < 0 ? 'to be created' : propertyId} (${named.map((n) => `${n.lang} "${n.name}"`).join(', ')})`,
        async () => (await plenty.properties.createSelection(propertyId, named, signal)).id);
    }
    // Linked by the option with the names it has now, where later renames in Magento start from.
    await links.upsert(optionKey
      ? { entityType: PROPERTY_SELECTION_ENTITY, magentoKey: optionKey, plentyId: String(id), aspectHashes: { [NAMES_ASPECT]: hashOf(named) } }
      : { entityType: PROPERTY_SELECTION_ENTITY, magentoKey: labelKey, plentyId: String(id) });
    return id;
  }



  /**
   * The property made for an unmapped attribute: linked, else one of the same cast and name, else
   * created and linked at once. The link keeps the hash of the names the property was given or found
   * by (NAMES_ASPECT): an attribute renamed in Magento since renames the property (keep-names.ts).
   */
  const autoPropertyOf = memo(async (code: string): Promise<number> => {
    const attribute = (await attributeOf(code))!;
    const admin = attribute.default_frontend_label?.trim() || code;
    const ids = await storeIds('all');
    const names = languages.map((lang) => ({
      lang,
      name: attribute.frontend_labels?.find((l) => l.store_id === ids.get(viewOf.get(lang)!))?.label.trim() || admin,
    }));
    const link = await links.get(PROPERTY_ENTITY, code);
    if (link) {
      const propertyId = Number(link.plentyId);
      await keepNames({ links, planned }, {
        key: `property:${propertyId}`, link: { entityType: PROPERTY_ENTITY, magentoKey: code, plentyId: link.plentyId }, what: `property ${propertyId} of attribute "${code}"`,
        current: () => plenty.properties.propertyNames(propertyId, signal),
        addsLanguages: false,
        write: async ({ lang, name }, held) => void await plenty.properties.updateName(held!.id, { propertyId, lang, name }, signal),
      }, names, link.aspectHashes?.[NAMES_ASPECT]);
      return Number(link.plentyId);
    }
    const cast = castFor(attribute)!;
    const found = (await properties('all')).find((p) => p.cast === cast
      && (p.names ?? []).some((n) => n.name != null && names.some((w) => w.lang === n.lang && same(w.name, n.name!))));
    const id = found?.id ?? await planned.make(`property "${admin}" (${cast}) for attribute "${code}"`, async () => (await plenty.properties.create({ cast, names }, signal)).id);
    (await casts('all')).set(id, cast);
    await links.upsert({ entityType: PROPERTY_ENTITY, magentoKey: code, plentyId: String(id), aspectHashes: { [NAMES_ASPECT]: hashOf(names) } });
    return id;
  });




  /** Attributes written otherwise (or excluded): never made properties. */
  const notAuto = new Set([
    ...Object.keys(settings.map), ...settings.exclude, ...config.texts.map((t) => t.attribute), ...config.fields.map((f) => f.attribute),
    ...config.barcodes.map((b) => b.attribute), ...config.marketNumbers.map((m) => m.attribute), ...Object.keys(config.configurables.attributeMap),
  ]);

  /** Codes of the member's user-defined attributes with a value that properties.autoCreate makes properties for. */
  async function autoCodes(member: MagentoProduct, exported: ReadonlySet<string>): Promise<string[]> {
    if (!settings.autoCreate) return [];
    const codes = (member.custom_attributes ?? [])
      .filter((a) => !empty(a.value) && !notAuto.has(a.attribute_code) && !exported.has(a.attribute_code))
      .map((a) => a.attribute_code);
    const kept = await Promise.all(codes.map(async (code) => {
      const attribute = await attributeOf(code);
      return attribute?.is_user_defined === true && castFor(attribute) !== undefined;
    }));
    return codes.filter((_, i) => kept[i]);
  }

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
        return labels.size
          ? selectionIdOf(propertyId, label, () => optionNames(code, option, label), { code, id: option })
          : selectionIdOf(propertyId, label, () => Promise.resolve(languages.map((lang) => ({ lang, name: label }))));
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
      // A select attribute's options as the language's store view labels them.
      const labels = await storeOptions(`${viewOf.get(lang)}\0${code}`);
      const text = labels.size ? optionIds(raw).map((o) => labels.get(o) ?? o).join(', ') : String(raw);
      values.push({ lang, value: text });
    }
    return values.length ? { propertyId, values } : undefined;
  }

  /** The attribute set's name on its property: a selection value named like it, or the name as text. */
  async function attributeSetValue(propertyId: number, member: MagentoProduct): Promise<PropertyValue | undefined> {
    const setId = member.attribute_set_id;
    if (setId === undefined) return undefined;
    const name = await setName(setId);
    const cast = (await casts('all')).get(propertyId);
    if (cast === undefined) throw new RecordRefused(`PlentyONE has no item property ${propertyId} (properties.attributeSetPropertyId); name an existing property.`);
    if (SELECTION_CASTS.has(cast)) {
      const selectionId = await selectionIdOf(propertyId, name, async () => languages.map((lang) => ({ lang, name })));
      return { propertyId, selectionValues: [{ selectionId }] };
    }
    if (!TEXT_CASTS.has(cast)) throw new RecordRefused(`PlentyONE property ${propertyId} (properties.attributeSetPropertyId) is of cast "${cast}"; name a selection or text property.`);
    return { propertyId, values: languages.map((lang) => ({ lang, value: name })) };
  }

  return {
    // Read per batch: properties made by this run's earlier records count too.
    managed: async () => [...new Set([
      ...Object.values(settings.map),
      ...(settings.attributeSetPropertyId === undefined ? [] : [settings.attributeSetPropertyId]),
      ...(settings.autoCreate ? (await links.list(PROPERTY_ENTITY)).map((l) => Number(l.plentyId)) : []),
    ])],
    async fill(record, source, exported = []) {
      const map = Object.entries(settings.map);
      if (!map.length && !settings.autoCreate && settings.attributeSetPropertyId === undefined) return;
      const skip = new Set(exported);
      await Promise.all(record.variations.map(async (v) => {
        const member = source.children.find((c) => c.sku === v.sku) ?? source.product;
        // Store views are read for the product itself; a configurable's children give their default value.
        const views = (lang: string) => {
          if (member !== source.product) return member;
          const view = viewOf.get(lang);
          return (view === undefined ? undefined : source.views.get(view)) ?? member;
        };
        const auto = await Promise.all((await autoCodes(member, skip)).map(async (code) => [code, await autoPropertyOf(code)] as const));
        const values = await Promise.all([
          ...[...map, ...auto].map(([code, propertyId]) => valueOf(code, propertyId, member, views)),
          ...(settings.attributeSetPropertyId === undefined ? [] : [attributeSetValue(settings.attributeSetPropertyId, member)]),
        ]);
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
  // The wanted properties count as managed too: one just made for an attribute may already hold a relation.
  const mapped = new Set([...options.mapped, ...wanted.map((p) => p.propertyId)].map(String));
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
