/**
 * PlentyONE attribute values with their names per language, read once per run (the attribute list is
 * small: one call for the attributes, one per attribute for its values).
 */
import type { PlentyAttributeValue } from '../../../connectors/plenty/schemas/pim.js';
import { plentyOf, type Ctx } from './clients.js';

export interface AttributeValueInfo {
  attributeId: number;
  attributeName: string;
  valueId: number;
  backendName: string;
  /** Language → name; falls back to the backend name. */
  names: Record<string, string>;
}

export interface PlentyAttributes {
  attributeName(attributeId: number): string;
  value(valueId: number): AttributeValueInfo | undefined;
}

const perRun = new WeakMap<object, Promise<PlentyAttributes>>();

export function plentyAttributesOf(ctx: Ctx): Promise<PlentyAttributes> {
  let loaded = perRun.get(ctx);
  if (!loaded) {
    loaded = load(ctx);
    perRun.set(ctx, loaded);
    loaded.catch(() => perRun.delete(ctx));
  }
  return loaded;
}

async function load(ctx: Ctx): Promise<PlentyAttributes> {
  const plenty = await plentyOf(ctx);
  const attributes = await plenty.pim.attributes(ctx.signal);
  const names = new Map(attributes.map((a) => [a.id, a.backendName]));
  const values = new Map<number, AttributeValueInfo>();
  const info = (v: PlentyAttributeValue): AttributeValueInfo => ({
    attributeId: v.attributeId, attributeName: names.get(v.attributeId) ?? String(v.attributeId), valueId: v.id, backendName: v.backendName,
    names: Object.fromEntries((v.valueNames ?? []).map((n) => [n.lang, n.name])),
  });
  // Only the mapped attributes matter: values of others are never written.
  for (const id of Object.keys(ctx.config.configurables.attributeMap).map(Number)) {
    if (!names.has(id)) continue;
    for (const v of await plenty.pim.attributeValues(id, ctx.signal)) values.set(v.id, info(v));
  }
  return {
    attributeName: (id) => names.get(id) ?? String(id),
    value: (id) => values.get(id),
  };
}

export function valueName(v: AttributeValueInfo, lang: string): string {
  return v.names[lang] || v.backendName;
}
