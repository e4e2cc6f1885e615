import type { NormalizedEvent } from '../../../profiles/profile-type.js';
import { asKey, isRecord, readPath } from '../json-path.js';

/**
 * What plentygate makes of a PlentyONE callback. The payload format is undocumented, so this reads
 * defensively: an event name from the usual fields, the entity from that name (or the endpoint, or the
 * id fields present), and ids from wherever they sit (top level, `data`, `payload`, `entity`, the
 * entity's own object). Entities: order, item, variation, stock, contact, category.
 */

export type PlentyEntity = 'order' | 'item' | 'variation' | 'stock' | 'contact' | 'category';
export const plentyEntities: readonly PlentyEntity[] = ['order', 'item', 'variation', 'stock', 'contact', 'category'];

const nameFields = ['event', 'eventName', 'eventType', 'event_type', 'type', 'action', 'trigger', 'name', 'webhook.event'];

const entityWords: [RegExp, PlentyEntity][] = [
  [/stock|inventory|warehouse/i, 'stock'],
  [/variation/i, 'variation'],
  [/item|product|article/i, 'item'],
  [/order/i, 'order'],
  [/contact|customer|account/i, 'contact'],
  [/categor/i, 'category'],
];

const idFields: Record<PlentyEntity, string[]> = {
  order: ['orderId', 'order_id', 'orderIds', 'order_ids'],
  item: ['itemId', 'item_id', 'itemIds', 'item_ids'],
  variation: ['variationId', 'variation_id', 'variationIds', 'variation_ids'],
  stock: ['variationId', 'variation_id', 'variationIds', 'variation_ids'],
  contact: ['contactId', 'contact_id', 'contactIds', 'contact_ids'],
  category: ['categoryId', 'category_id', 'categoryIds', 'category_ids'],
};

function containers(body: unknown, entity: PlentyEntity): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const add = (v: unknown) => {
    if (isRecord(v)) out.push(v);
  };
  add(body);
  for (const k of ['data', 'payload', 'entity', 'object', 'resource']) {
    const v = readPath(body, k);
    add(v);
    if (isRecord(v)) add(v[entity]);
  }
  add(readPath(body, entity));
  return out;
}

function keysIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(asKey).filter((k): k is string => k !== undefined);
  const k = asKey(value);
  return k === undefined ? [] : k.split(',').map((s) => s.trim()).filter(Boolean);
}

export function eventName(body: unknown, header: string | undefined): string | undefined {
  if (header) return header;
  for (const f of nameFields) {
    const v = readPath(body, f);
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

export function entityFromName(name: string | undefined): PlentyEntity | undefined {
  return name ? entityWords.find(([re]) => re.test(name))?.[1] : undefined;
}

function kindFromName(name: string | undefined): string {
  if (!name) return 'changed';
  if (/delet|remov/i.test(name)) return 'deleted';
  if (/creat|new|add/i.test(name)) return 'created';
  if (/updat|chang|edit|sav/i.test(name)) return 'updated';
  return 'changed';
}

/**
 * The normalized event. `pathEntity` is the endpoint's entity (/webhooks/plenty/:entity), `fallback` the
 * configured default; an authentic callback always yields an event: without ids, it asks for a delta sync.
 */
export function plentyEvent(body: unknown, options: {
  nameHeader?: string | undefined;
  pathEntity?: PlentyEntity | undefined;
  fallback: string;
}): NormalizedEvent {
  const name = eventName(body, options.nameHeader);
  let entity: string | undefined = options.pathEntity ?? entityFromName(name);
  if (!entity) {
    // No name to go by: the first entity whose id field is present.
    entity = plentyEntities.find((e) => containers(body, e).some((c) => idFields[e].some((f) => c[f] !== undefined)));
  }
  entity ??= options.fallback;
  const known = (plentyEntities as readonly string[]).includes(entity) ? (entity as PlentyEntity) : undefined;
  let keys: string[] = [];
  if (known) {
    for (const c of containers(body, known)) {
      for (const f of idFields[known]) keys.push(...keysIn(c[f]));
      if (keys.length) break;
    }
    if (!keys.length) {
      // `{"data": {"order": {"id": 1}}}` or `{"order": {"id": 1}}`, or a bare `id` when the entity is known.
      const own = readPath(body, `data.${known}.id`) ?? readPath(body, `${known}.id`);
      keys = keysIn(own);
      // Generic `id` / `ids` only count when the entity is named (by the event or the endpoint).
      if (!keys.length && (options.pathEntity || entityFromName(name))) {
        keys = keysIn(readPath(body, 'id') ?? readPath(body, 'data.id') ?? readPath(body, 'ids') ?? readPath(body, 'data.ids'));
      }
    }
  }
  return { source: 'plenty', entity, kind: kindFromName(name), keys: [...new Set(keys)] };
}
