import { searchIn, type MagentoClient } from '../../../connectors/magento/index.js';
import type { MagentoOrder } from '../../../connectors/magento/schemas/order.js';
import type { Order, PlentyClient } from '../../../connectors/plenty/index.js';
import type { EntityLink } from '../../links.js';
import type { Outcome, RunContext } from '../../profile-type.js';
import { storeCodesOf } from '../plenty_order_export/clients.js';
import { CUSTOMER_LINK } from '../plenty_order_export/contact.js';
import { RETRY_KEY } from './collect.js';
import type { OrderImportConfig } from './config.js';
import { parentOrderId, refundCreditNote } from './documents.js';
import { completeness } from './incomplete.js';
import { createOnce } from './marketplace-create.js';
import { draftMarketplaceOrder, skusOf, type MarketplaceDraft } from './marketplace-order.js';
import { linksByPlentyOrderIds, type BackSyncMeta } from './order-links.js';
import { magentoOrdersByIncrementId } from './magento-orders.js';

type Ctx = RunContext<OrderImportConfig>;
/** An outcome, and whether the order goes on the list that every delta run reads again. */
export interface Result { outcome: Outcome; retry: boolean }

/** At most this many orders wait on the retry list (the oldest drop off first, and are reported). */
const RETRY_LIST_MAX = 1_000;

/** What drafting a batch's marketplace orders needs from Magento and PlentyONE, read once per batch. */
export interface ImportLookups {
  storeIds: Map<string, number>;
  referrers: Map<string, string>;
  productIds: Map<string, number>;
  /** Buyer's contact id → its linked Magento customer (`customer` linked) and group; null: the link names a customer Magento no longer has. */
  customers: Map<number, { id: number; groupId: number } | null>;
}

export async function importLookups(ctx: Ctx, plenty: PlentyClient, magento: MagentoClient, orders: readonly Order[]): Promise<ImportLookups> {
  const storeIds = new Map([...(await storeCodesOf(ctx))].map(([id, code]) => [code, id]));
  const referrers = new Map((await plenty.referrers(ctx.signal)).map((r) => [String(r.id), r.name ?? r.backendName ?? `referrer ${r.id}`]));
  const productIds = await productIdsBySku(magento, [...new Set(orders.flatMap(skusOf))], ctx.signal);
  return { storeIds, referrers, productIds, customers: await linkedCustomers(ctx, magento, orders) };
}

/**
 * The Magento customers linked to the buyers' contacts, with their groups: one customer search per
 * batch. A link to a customer deleted in Magento since answers null (an order naming that customer
 * would be refused: `sales_order.customer_id` references the customer).
 */
async function linkedCustomers(ctx: Ctx, magento: MagentoClient, orders: readonly Order[]): Promise<ImportLookups['customers']> {
  const out: ImportLookups['customers'] = new Map();
  if (ctx.config.marketplace.customer !== 'linked') return out;
  const linked = new Map<number, number>();
  for (const contact of new Set(orders.map((o) => o.contactReceiverId).filter((c): c is number => Boolean(c)))) {
    const link = await ctx.links.byPlentyId(CUSTOMER_LINK, String(contact));
    if (link && /^\d+$/.test(link.magentoKey)) linked.set(contact, Number(link.magentoKey));
  }
  if (linked.size === 0) return out;
  const found = await searchIn((criteria) => magento.customers.search(criteria, { signal: ctx.signal }), 'entity_id', [...linked.values()]);
  // Magento answers every customer's group; 1 ("General", a new customer's group) only if one did not.
  const groups = new Map(found.map((c) => [c.id, c.group_id ?? 1]));
  for (const [contact, id] of linked) out.set(contact, groups.has(id) ? { id, groupId: groups.get(id)! } : null);
  return out;
}

/**
 * The Magento order a marketplace order would become (marketplace-order.ts), or why it is not created
 * now: it waits (incomplete, unpaid, locked: tried again) or fails (the merchant acts). Reads only.
 */
export async function draftImport(
  ctx: Ctx, plenty: PlentyClient, lookups: ImportLookups, key: string, order: Order, mapped: Record<string, unknown> | undefined,
): Promise<{ result: Result } | { draft: Extract<MarketplaceDraft, { kind: 'order' }>; note?: string }> {
  const customer = order.contactReceiverId ? lookups.customers.get(order.contactReceiverId) : undefined;
  const complete = await completeness(order, ctx.config, plenty, ctx.run.startedAt, ctx.signal);
  if (complete && 'wait' in complete) return { result: { outcome: { key, result: 'skipped', reason: `${complete.wait}.` }, retry: true } };
  const notes = [
    ...(complete ? [`PlentyONE order ${complete.note}`] : []),
    ...(customer === null ? [`the Magento customer linked to contact ${order.contactReceiverId} no longer exists: a guest order`] : []),
  ];
  const draft = draftMarketplaceOrder(order, ctx.config, {
    storeIds: lookups.storeIds, productIds: lookups.productIds, customer: customer ?? undefined,
    referrerName: lookups.referrers.get(String(order.referrerId)) ?? `referrer ${order.referrerId}`, mapped,
    ...(notes.length ? { notes } : {}),
  });
  if (draft.kind === 'problem') {
    return { result: { outcome: draft.wait ? { key, result: 'skipped', reason: draft.reason } : { key, result: 'failed', reason: draft.reason }, retry: true } };
  }
  return { draft, ...(complete ? { note: complete.note } : {}) };
}

/** Creates the Magento orders of a batch of marketplace orders, each once (marketplace-create.ts). */
export async function importOrders(ctx: Ctx, plenty: PlentyClient, magento: MagentoClient, list: { key: string; order: Order; mapped?: Record<string, unknown> | undefined }[]): Promise<Result[]> {
  const lookups = await importLookups(ctx, plenty, magento, list.map(({ order }) => order));
  const results: Result[] = [];
  for (const { key, order, mapped } of list) {
    const drafted = await draftImport(ctx, plenty, lookups, key, order, mapped);
    if ('result' in drafted) {
      results.push(drafted.result);
      continue;
    }
    const { draft, note } = drafted;
    const imported = await createOnce(ctx, magento, order, draft);
    if (imported.magentoOrder && imported.outcome.result !== 'failed') {
      const [link] = [...(await linksByPlentyOrderIds(ctx.db, [order.id])).values()];
      if (link) {
        const meta = (link.meta as { backSync?: BackSyncMeta } | null)?.backSync ?? { packages: [], pendingPackages: [], shipmentIds: [] };
        await completeImport(ctx, plenty, magento, link, meta, imported.magentoOrder, () => saveMeta(ctx, link, meta));
      }
      ctx.log.info({ plentyOrder: order.id, order: imported.magentoOrder.increment_id, total: draft.grandTotal, currency: draft.currency }, 'marketplace order imported');
    }
    const outcome = note && imported.outcome.result === 'created' ? { ...imported.outcome, note: `imported ${note}` } : imported.outcome;
    results.push({ outcome, retry: outcome.result === 'failed' });
  }
  return results;
}

/** Whether an imported order still owes its write-back or confirmation e-mail (a run that stopped in between). */
export function importFollowUpsDue(config: OrderImportConfig, link: EntityLink): boolean {
  const meta = link.meta as { imported?: boolean; backSync?: BackSyncMeta } | null;
  if (!meta?.imported) return false;
  return (config.marketplace.writeBackPropertyTypeId !== undefined && !meta.backSync?.writtenBack)
    || (config.marketplace.notifyCustomer && !meta.backSync?.emailSent);
}

/**
 * What follows the create of an imported order, each once: the Magento order number written back to
 * the PlentyONE order (`writeBackPropertyTypeId`) and Magento's confirmation e-mail (`notifyCustomer`).
 */
export async function completeImport(
  ctx: Ctx, plenty: PlentyClient, magento: MagentoClient, link: EntityLink, meta: BackSyncMeta, mo: MagentoOrder, commit: () => Promise<void>,
): Promise<string[]> {
  if (!(link.meta as { imported?: boolean } | null)?.imported) return [];
  const done: string[] = [];
  const typeId = ctx.config.marketplace.writeBackPropertyTypeId;
  if (typeId !== undefined && !meta.writtenBack) {
    // Writing a property again with the same value changes nothing: no claim needed.
    await plenty.orders.update(Number(link.plentyId), { properties: [{ typeId, value: mo.increment_id }] }, ctx.signal);
    meta.writtenBack = true;
    await commit();
    done.push(`order number written back (property ${typeId})`);
  }
  if (ctx.config.marketplace.notifyCustomer && !meta.emailSent) {
    meta.emailSent = true; // ahead of the call: a lost answer must not mail the buyer twice
    await commit();
    await magento.orders.sendEmail(mo.entity_id, { signal: ctx.signal });
    done.push('confirmation e-mail sent');
  }
  return done;
}

async function saveMeta(ctx: Ctx, link: EntityLink, backSync: BackSyncMeta): Promise<void> {
  const meta = { ...((link.meta as Record<string, unknown> | null) ?? {}), backSync };
  await ctx.links.upsert({ entityType: link.entityType, magentoKey: link.magentoKey, plentyId: link.plentyId, meta });
  link.meta = meta;
}

/**
 * The Magento order each credit note refunds (by the order link of its parent order), or why it has
 * none: read once per batch. With `creditMemos.create` off, each note's result says so.
 */
export async function creditNoteTargets(ctx: Ctx, magento: MagentoClient, list: { key: string; order: Order }[]): Promise<({ key: string; order: Order; magentoOrder: MagentoOrder } | { result: Result })[]> {
  if (!ctx.config.creditMemos.create) {
    return list.map(({ key }) => ({ result: { outcome: { key, result: 'skipped', reason: 'a PlentyONE credit note; creditMemos.create is off' }, retry: false } }));
  }
  const parents = await linksByPlentyOrderIds(ctx.db, list.map(({ order }) => parentOrderId(order)).filter((id): id is number => id !== undefined));
  const magentoOrders = await magentoOrdersByIncrementId(magento, [...parents.values()].map((l) => l.magentoKey), ctx.signal);
  return list.map(({ key, order }) => {
    const parent = parentOrderId(order);
    const link = parent === undefined ? undefined : parents.get(String(parent));
    const magentoOrder = link && magentoOrders.get(link.magentoKey);
    return magentoOrder
      ? { key, order, magentoOrder }
      : { result: { outcome: { key, result: 'skipped', reason: `credit note of PlentyONE order ${parent ?? '(none)'}, which has no Magento order` }, retry: false } };
  });
}

/** Credit notes of linked orders → one Magento credit memo each (documents.ts). */
export async function creditMemos(ctx: Ctx, magento: MagentoClient, list: { key: string; order: Order }[]): Promise<Result[]> {
  const results: Result[] = [];
  for (const target of await creditNoteTargets(ctx, magento, list)) {
    if ('result' in target) {
      results.push(target.result);
      continue;
    }
    const outcome = await refundCreditNote(ctx, magento, target.order, target.magentoOrder);
    results.push({ outcome, retry: outcome.result === 'failed' });
  }
  return results;
}

/** Adds orders to, and removes them from, the list of orders every delta run reads again. */
export async function updateRetryList(ctx: Ctx, changes: ReadonlyMap<string, boolean>): Promise<void> {
  if (changes.size === 0) return;
  const current = (await ctx.state.get<string[]>(RETRY_KEY)) ?? [];
  const next = current.filter((id) => changes.get(id) !== false);
  for (const [id, retry] of changes) if (retry && !next.includes(id)) next.push(id);
  if (next.length > RETRY_LIST_MAX) {
    ctx.log.warn({ dropped: next.slice(0, next.length - RETRY_LIST_MAX) }, 'retry list full: the oldest orders are no longer read again unless they change');
  }
  const kept = next.slice(-RETRY_LIST_MAX);
  if (kept.length !== current.length || kept.some((id, i) => id !== current[i])) await ctx.state.set(RETRY_KEY, kept.length ? kept : null);
}

/** Magento product ids of these SKUs, in searches of at most a page each. */
async function productIdsBySku(magento: MagentoClient, skus: string[], signal: AbortSignal): Promise<Map<string, number>> {
  const found = await searchIn((criteria) => magento.products.search(criteria, { signal }), 'sku', skus);
  return new Map(found.flatMap((p) => (typeof p.id === 'number' ? [[p.sku, p.id] as const] : [])));
}
