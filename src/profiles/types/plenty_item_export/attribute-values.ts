/**
 * A configurable's super attributes and their options → PlentyONE attributes and attribute values.
 * Each is found, in this order, by the config (`configurables.attributeMap`), by its link, or in
 * PlentyONE by backend name (attribute: the Magento attribute code; value: the option's admin label,
 * or one of the value's names); with `configurables.createAttributes` on, what is still missing is
 * created — a created value named per language like the option in each mapped store view, and renamed
 * there when the option's labels change in Magento (keep-names.ts). Every find
 * or create is linked at once (one row), so a run that dies right after a create
 * finds it again by its link, and a lost link by its backend name: nothing is created twice.
 * Lookups are shared by every record of a run (one list of attributes, one list of values per attribute).
 * A dry run creates nothing: it plans what it would create (planned-writes.ts).
 */
import type { MagentoClient, MagentoProduct } from '../../../connectors/magento/index.js';
import type { PlentyAttributeValue } from '../../../connectors/plenty/resources/attributes.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { LinkStore } from '../../links.js';
import type { ItemExportConfig } from './config.js';
import { hashOf } from './hashes.js';
import { keepNames, NAMES_ASPECT } from './keep-names.js';
import { attributeValue, viewPerLanguage, type SourceProduct } from './magento-source.js';
import type { PlannedWrites } from './planned-writes.js';
import { ATTRIBUTE_VALUE_ENTITY, optionKey, type References } from './record.js';
import { RecordRefused } from './write-item.js';

/** Magento attribute code ↔ PlentyONE attribute id. */
export const ATTRIBUTE_ENTITY = 'attribute';

interface Deps { config: ItemExportConfig; links: LinkStore; magento: MagentoClient; plenty: PlentyClient; signal: AbortSignal; planned: PlannedWrites }

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
/** PlentyONE backend names must not contain commas, colons, semicolons or quotation marks. */
const backendName = (label: string) => label.replace(/[,:;"']/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);

export interface AttributeResolver {
  /** Codes of the attributes a configurable varies by (REST names them by attribute id only). */
  superCodes(product: MagentoProduct): Promise<string[]>;
  /** Fills `refs.attributeValues` (and the attribute ids) for every option the source's children use. */
  resolve(source: SourceProduct, codes: readonly string[], refs: References): Promise<void>;
}

/** One memo of a lookup per key: records resolving the same option at once share one call. */
export function memo<K, V>(compute: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (key) => {
    let hit = cache.get(key);
    if (!hit) {
      hit = compute(key);
      cache.set(key, hit);
      hit.catch(() => cache.delete(key));
    }
    return hit;
  };
}

export function attributeResolver(deps: Deps): AttributeResolver {
  const { config, links, magento, plenty, signal, planned } = deps;
  const create = config.configurables.createAttributes;

  const codeOf = memo(async (attributeId: string) => (await magento.attributes.get(attributeId, { signal })).attribute_code);
  const plentyAttributes = memo(async (_: 'all') => plenty.items.attributes.list(signal));
  // An attribute a dry run planned (an id below zero) has no values yet.
  const plentyValues = memo(async (attributeId: number) => (attributeId < 0 ? [] : plenty.items.attributes.values(attributeId, signal)));
  const magentoOptions = memo(async (code: string) => magento.attributes.options(code, { signal }));
  // Option labels as each store view shows them, keyed `<store view>\0<code>`.
  const storeOptions = memo(async (key: string) => new Map((await magento.attributes.options(key.slice(key.indexOf('\0') + 1), { store: key.slice(0, key.indexOf('\0')), signal })).map((o) => [o.value, o.label])));
  const viewOf = viewPerLanguage(config.storeMapping);

  const attributeIdOf = memo(async (code: string): Promise<number> => {
    const mapped = config.configurables.attributeMap[code];
    if (mapped !== undefined) return mapped;
    const link = await links.get(ATTRIBUTE_ENTITY, code);
    if (link) return Number(link.plentyId);
    let id = (await plentyAttributes('all')).find((a) => same(a.backendName, code))?.id;
    if (id === undefined) {
      if (!create) {
        throw new RecordRefused(`Magento attribute "${code}" has no PlentyONE attribute: map it under configurables.attributeMap, or turn on configurables.createAttributes.`);
      }
      id = await planned.make(`attribute "${backendName(code)}"`, async () => (await plenty.items.attributes.create({ backendName: backendName(code) }, signal)).id);
    }
    await links.upsert({ entityType: ATTRIBUTE_ENTITY, magentoKey: code, plentyId: String(id) });
    return id;
  });

  const valueIdOf = memo(async (key: string): Promise<number> => {
    const link = await links.get(ATTRIBUTE_VALUE_ENTITY, key);
    if (link) return Number(link.plentyId);
    const [code, option] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const attributeId = await attributeIdOf(code);
    const label = (await magentoOptions(code)).find((o) => o.value === option)?.label;
    if (label === undefined) throw new RecordRefused(`Option ${option} of Magento attribute "${code}" does not exist in Magento (its options were read just now).`);
    const matches = (v: PlentyAttributeValue) => same(v.backendName, label) || same(v.backendName, backendName(label)) || (v.valueNames ?? []).some((n) => n.name != null && same(n.name, label));
    let id = (await plentyValues(attributeId)).find(matches)?.id;
    const names = await namesOf(code, option, label);
    if (id === undefined) {
      if (!create) {
        throw new RecordRefused(`Option "${label}" of "${code}" has no value in PlentyONE attribute ${attributeId}: create it there, or turn on configurables.createAttributes.`);
      }
      id = await planned.make(`value "${backendName(label)}" of attribute "${code}" (${names.map((n) => `${n.lang} "${n.name}"`).join(', ')})`, async () => {
        const value = (await plenty.items.attributes.createValue(attributeId, { backendName: backendName(label) }, signal)).id;
        // Named before it is linked: the shop shows the name, the backend name is for the back office.
        for (const name of names) await plenty.items.attributes.createValueName(value, name, signal);
        return value;
      });
    }
    // The names it has now (or was found by) are where later renames in Magento start from.
    await links.upsert({ entityType: ATTRIBUTE_VALUE_ENTITY, magentoKey: key, plentyId: String(id), aspectHashes: { [NAMES_ASPECT]: hashOf(names) } });
    return id;
  });

  /** The names a value gets: its option's label in each mapped store view's language, else the admin label. */
  async function namesOf(code: string, option: string, label: string): Promise<{ lang: string; name: string }[]> {
    return Promise.all([...viewOf].map(async ([lang, view]) => ({ lang, name: (await storeOptions(`${view}\0${code}`)).get(option)?.trim() || label })));
  }

  /** Carries a renamed Magento option over to its linked value, once per run (keep-names.ts). */
  const keepValueNames = memo(async (key: string): Promise<void> => {
    const link = await links.get(ATTRIBUTE_VALUE_ENTITY, key);
    if (!link) return;
    const [code, option] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const label = (await magentoOptions(code)).find((o) => o.value === option)?.label;
    if (label === undefined) return;
    const valueId = Number(link.plentyId);
    await keepNames({ links, planned }, {
      key: `value:${valueId}`, link: { entityType: ATTRIBUTE_VALUE_ENTITY, magentoKey: key, plentyId: link.plentyId }, what: `value ${valueId} of attribute "${code}"`,
      current: () => plenty.items.attributes.valueNames(valueId, signal),
      addsLanguages: true,
      write: async (name, held) => {
        if (held) await plenty.items.attributes.updateValueName(valueId, name.lang, name.name, signal);
        else await plenty.items.attributes.createValueName(valueId, name, signal);
      },
    }, await namesOf(code, option, label), link.aspectHashes?.[NAMES_ASPECT]);
  });

  return {
    async superCodes(product) {
      const options = (product.extension_attributes?.configurable_product_options ?? []) as { attribute_id?: unknown }[];
      const ids = options.flatMap((o) => (o.attribute_id === undefined || o.attribute_id === null ? [] : [String(o.attribute_id)]));
      return [...new Set(await Promise.all(ids.map(codeOf)))];
    },
    async resolve(source, codes, refs) {
      const wanted = new Set<string>();
      for (const child of source.children) {
        for (const code of codes) {
          const option = attributeValue(child, code);
          if (option !== undefined && option !== null && option !== '') wanted.add(optionKey(code, option));
        }
      }
      await Promise.all(codes.map(async (code) => refs.attributes.set(code, await attributeIdOf(code))));
      await Promise.all([...wanted].filter((k) => !refs.attributeValues.has(k)).map(async (k) => refs.attributeValues.set(k, await valueIdOf(k))));
      await Promise.all([...wanted].map(keepValueNames));
    },
  };
}
