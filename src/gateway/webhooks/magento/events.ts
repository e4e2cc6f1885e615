import type { NormalizedEvent } from '../../../profiles/profile-type.js';
import { asKey, isRecord } from '../json-path.js';

/**
 * What plentygate understands of Magento: the entities profiles listen to, how Magento's event names
 * (observer events, plugin hooks, the hook names of webhook extensions) map onto them, and which field
 * of the entity is its key. Entity names: order, shipment, product, stock, category, customer.
 * Kinds: placed (an order being placed), saved (created or changed), deleted.
 */

export type MagentoEntity = 'order' | 'shipment' | 'product' | 'stock' | 'category' | 'customer';
export const magentoEntities: readonly MagentoEntity[] = ['order', 'shipment', 'product', 'stock', 'category', 'customer'];

interface EventMeaning { entity: MagentoEntity; kind: string }

/** Exact names first: observer events, plugin hooks and the common extension hook names. */
const known: Record<string, EventMeaning> = {
  sales_order_place_after: { entity: 'order', kind: 'placed' },
  sales_order_place_before: { entity: 'order', kind: 'placed' },
  checkout_submit_all_after: { entity: 'order', kind: 'placed' },
  'plugin.magento.sales.api.order_management.place': { entity: 'order', kind: 'placed' },
  sales_order_save_after: { entity: 'order', kind: 'saved' },
  sales_order_save_commit_after: { entity: 'order', kind: 'saved' },
  // An invoice (payment captured) is news about its order.
  sales_order_invoice_save_after: { entity: 'order', kind: 'saved' },
  sales_order_invoice_save_commit_after: { entity: 'order', kind: 'saved' },
  new_invoice: { entity: 'order', kind: 'saved' },
  sales_order_shipment_save_after: { entity: 'shipment', kind: 'saved' },
  sales_order_shipment_save_commit_after: { entity: 'shipment', kind: 'saved' },
  catalog_product_save_after: { entity: 'product', kind: 'saved' },
  catalog_product_save_commit_after: { entity: 'product', kind: 'saved' },
  catalog_product_delete_before: { entity: 'product', kind: 'deleted' },
  catalog_product_delete_after: { entity: 'product', kind: 'deleted' },
  catalog_product_delete_commit_after: { entity: 'product', kind: 'deleted' },
  cataloginventory_stock_item_save_after: { entity: 'stock', kind: 'saved' },
  cataloginventory_stock_item_save_commit_after: { entity: 'stock', kind: 'saved' },
  catalog_category_save_after: { entity: 'category', kind: 'saved' },
  catalog_category_save_commit_after: { entity: 'category', kind: 'saved' },
  catalog_category_delete_after: { entity: 'category', kind: 'deleted' },
  customer_save_after: { entity: 'customer', kind: 'saved' },
  customer_save_commit_after: { entity: 'customer', kind: 'saved' },
  customer_register_success: { entity: 'customer', kind: 'saved' },
  // Hook names of webhook extensions for Magento Open Source.
  order: { entity: 'order', kind: 'saved' },
  new_order: { entity: 'order', kind: 'placed' },
  update_order: { entity: 'order', kind: 'saved' },
  new_shipment: { entity: 'shipment', kind: 'saved' },
  new_customer: { entity: 'customer', kind: 'saved' },
  update_customer: { entity: 'customer', kind: 'saved' },
  new_product: { entity: 'product', kind: 'saved' },
  update_product: { entity: 'product', kind: 'saved' },
  delete_product: { entity: 'product', kind: 'deleted' },
  new_category: { entity: 'category', kind: 'saved' },
  update_category: { entity: 'category', kind: 'saved' },
  update_stock: { entity: 'stock', kind: 'saved' },
};

const entityWords: [RegExp, MagentoEntity][] = [
  [/shipment/, 'shipment'],
  [/invoice/, 'order'],
  [/stock|inventory|source_item/, 'stock'],
  [/order/, 'order'],
  [/product/, 'product'],
  [/category/, 'category'],
  [/customer/, 'customer'],
];

/**
 * The meaning of a Magento event name, exact or by its words (`com.adobe.commerce.observer.X`,
 * `observer.X`, `order.saved` all work); undefined when it names nothing plentygate syncs.
 */
export function meaningOf(name: string): EventMeaning | undefined {
  const n = name.trim().toLowerCase().replace(/^com\.adobe\.commerce\./, '').replace(/^observer\./, '');
  const exact = known[n];
  if (exact) return exact;
  const dotted = /^([a-z]+)[./]([a-z_]+)$/.exec(n);
  if (dotted && (magentoEntities as readonly string[]).includes(dotted[1]!)) {
    // Profiles listen to placed / saved / deleted: a creation or an update is a save.
    const kind = ['created', 'updated', 'changed', 'new'].includes(dotted[2]!) ? 'saved' : dotted[2]!;
    return { entity: dotted[1] as MagentoEntity, kind };
  }
  const entity = entityWords.find(([re]) => re.test(n))?.[1];
  if (!entity) return undefined;
  const kind = /delete|remove/.test(n) ? 'deleted' : /place/.test(n) ? 'placed' : 'saved';
  return { entity, kind };
}

/**
 * A payload without a name whose top level is one entity object (`{"order": {...}}`, the shape of
 * plugin hooks such as order placement): an order arriving this way is being placed.
 */
export function meaningFromShape(payload: unknown): EventMeaning | undefined {
  if (!isRecord(payload)) return undefined;
  const top = magentoEntities.find((e) => isRecord(payload[e]));
  return top ? { entity: top, kind: top === 'order' ? 'placed' : 'saved' } : undefined;
}

/** Key fields per entity, best first: the order's increment id, the product's SKU… */
const keyFields: Record<MagentoEntity, string[]> = {
  order: ['increment_id', 'incrementId', 'order_increment_id', 'entity_id', 'order_id', 'orderId', 'id'],
  shipment: ['order_increment_id', 'increment_id', 'order_id', 'entity_id', 'id'],
  product: ['sku', 'product_sku', 'entity_id', 'product_id', 'id'],
  stock: ['sku', 'product_sku', 'product_id', 'item_id', 'id'],
  category: ['entity_id', 'category_id', 'id'],
  customer: ['entity_id', 'customer_id', 'id', 'email'],
};

/** Where the entity object may sit inside a payload (`data.product`, `order`, `data.data_object`…). */
function entityObjects(payload: unknown, entity: MagentoEntity): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const names = entity === 'stock' ? ['stock_item', 'item', 'source_item', 'stock', 'product']
    : entity === 'order' ? ['order', 'invoice'] : [entity];
  const visit = (v: unknown) => {
    if (!isRecord(v)) return;
    for (const n of names) if (isRecord(v[n])) found.push(v[n] as Record<string, unknown>);
    if (isRecord(v.data_object)) found.push(v.data_object);
    found.push(v);
  };
  if (isRecord(payload)) {
    visit(payload.data);
    if (isRecord(payload.data) && isRecord(payload.data.value)) visit(payload.data.value);
    visit(payload);
  }
  return found;
}

/** The entity keys a payload names; several when it carries a list (e.g. `items[].sku` for stock). */
export function extractKeys(payload: unknown, entity: MagentoEntity): string[] {
  for (const obj of entityObjects(payload, entity)) {
    for (const field of keyFields[entity]) {
      const key = asKey(obj[field]);
      if (key !== undefined) return [key];
    }
  }
  return [];
}

export function magentoEvent(meaning: EventMeaning, keys: string[]): NormalizedEvent {
  return { source: 'magento', entity: meaning.entity, kind: meaning.kind, keys: [...new Set(keys)] };
}
