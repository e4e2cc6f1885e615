/**
 * Dry runs of the order import (src/mapping/dry-run.ts): each order as a run would treat it, by the
 * run's own decisions (planOrder), with nothing written:
 * - a marketplace order: `create` with the Magento order it would become (store, buyer, totals, payment
 *   and shipping method, lines by SKU), or why it is not created (waiting, failing, already imported);
 * - a linked order: the run's own back-sync (backSyncOrder) against clients whose writes are recorded
 *   instead of sent, shown as `update` with each write (state, status, comment, invoice, shipment with
 *   tracking numbers, the order number written back, the confirmation e-mail), or `unchanged`;
 * - a credit note: `create` with the credit memo's lines, shipping and adjustment (planCreditMemo).
 * After a recorded write that changes the order (cancel, hold, release, invoice, status), the back-sync
 * reads the order as that write would leave it, so its next decisions are the ones a run would make.
 */
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { MagentoRestTransport } from '../../../connectors/magento/rest-transport.js';
import type { MagentoOrder } from '../../../connectors/magento/schemas/order.js';
import type { Order, PlentyClient } from '../../../connectors/plenty/index.js';
import { diffFields, previewOfOutcome, refusedAsFailure, type FieldDiff, type RecordPreview } from '../../../mapping/preview.js';
import type { RunContext } from '../../profile-type.js';
import type { CollectedOrder } from './collect.js';
import type { OrderImportConfig } from './config.js';
import { planCreditMemo } from './documents.js';
import { creditNoteTargets, draftImport, importLookups } from './import-batch.js';
import { magentoOrdersByIncrementId } from './magento-orders.js';
import { findImported } from './marketplace-create.js';
import type { MarketplaceDraft } from './marketplace-order.js';
import { ORDER_LINK_ENTITY } from './order-links.js';
import { backSyncOrder, clients, planOrders, UNCHANGED, type BackSyncPlan } from './plan.js';

type Ctx = RunContext<OrderImportConfig>;
type Batch = { key: string; record: CollectedOrder }[];

export async function previewOrders(batch: Batch, ctx: Ctx): Promise<RecordPreview[]> {
  const { plenty, magento } = await clients(ctx);
  const { outcomes, imports, backSyncs, creditNotes } = await planOrders(ctx, plenty, batch);
  const previews = new Map<string, RecordPreview>(outcomes.map((o) => [o.key, previewOfOutcome(o, UNCHANGED)]));
  if (imports.length > 0) {
    const lookups = await importLookups(ctx, plenty, magento, imports.map(({ order }) => order));
    for (const { key, order, mapped } of imports) {
      const drafted = await draftImport(ctx, plenty, lookups, key, order, mapped);
      previews.set(key, 'result' in drafted ? previewOfOutcome(drafted.result.outcome) : await previewImport(ctx, magento, key, order, drafted.draft));
    }
  }
  if (backSyncs.length > 0) {
    const magentoOrders = await magentoOrdersByIncrementId(magento, backSyncs.map((p) => p.link.magentoKey), ctx.signal);
    for (const plan of backSyncs) {
      previews.set(plan.key, await refusedAsFailure(plan.key, () => previewBackSync(ctx, plenty, magento, plan, magentoOrders.get(plan.link.magentoKey))));
    }
  }
  for (const target of await creditNoteTargets(ctx, magento, creditNotes)) {
    if ('result' in target) previews.set(target.result.outcome.key, previewOfOutcome(target.result.outcome));
    else previews.set(target.key, await refusedAsFailure(target.key, () => previewCreditMemo(ctx, magento, target.key, target.order, target.magentoOrder)));
  }
  return batch.map(({ key }) => previews.get(key)!);
}

/** A marketplace order: found as imported before (by its link, then by `ext_order_id`), or created. */
async function previewImport(ctx: Ctx, magento: MagentoClient, key: string, order: Order, draft: Extract<MarketplaceDraft, { kind: 'order' }>): Promise<RecordPreview> {
  const linked = await ctx.links.byPlentyId(ORDER_LINK_ENTITY, key);
  if (linked) return { key, action: 'skip', reason: `Already imported as Magento order ${linked.magentoKey}.`, targetId: linked.magentoKey, diff: [] };
  const existing = await findImported(magento, order.id, ctx.signal);
  if (existing) {
    return { key, action: 'skip', reason: `Already in Magento as order ${existing.increment_id}: it would be linked, not created again.`, targetId: existing.increment_id, diff: [] };
  }
  return { key, action: 'create', diff: diffFields(orderView(draft.entity), undefined) };
}

/** What a merchant checks of a Magento order a marketplace order would become: lines by SKU, amounts, methods, buyer. */
function orderView(entity: Record<string, unknown>): Record<string, unknown> {
  const items = (entity.items as { sku: string; qty_ordered: number; price_incl_tax: number; discount_amount: number }[]) ?? [];
  const assignment = (entity.extension_attributes as { shipping_assignments?: { shipping?: { method?: string; address?: Record<string, unknown> } }[] } | undefined)?.shipping_assignments?.[0];
  const address = (a: Record<string, unknown> | undefined) => a && [`${a.firstname} ${a.lastname}`, ...(a.street as string[]), `${a.postcode} ${a.city}`, a.country_id].join(', ');
  return {
    store_id: entity.store_id,
    ext_order_id: entity.ext_order_id,
    customer_email: entity.customer_email,
    ...(entity.customer_id === undefined ? {} : { customer_id: entity.customer_id, customer_group_id: entity.customer_group_id }),
    order_currency_code: entity.order_currency_code,
    grand_total: entity.grand_total,
    shipping_incl_tax: entity.shipping_incl_tax,
    discount_amount: entity.discount_amount,
    payment_method: (entity.payment as { method?: string } | undefined)?.method,
    shipping_method: assignment?.shipping?.method,
    billing_address: address(entity.billing_address as Record<string, unknown> | undefined),
    shipping_address: address(assignment?.shipping?.address),
    items: Object.fromEntries(items.map((i) => [i.sku, { qty_ordered: i.qty_ordered, price_incl_tax: i.price_incl_tax, discount_amount: i.discount_amount }])),
  };
}

/** The run's back-sync of a linked order, its writes recorded: `update` with each, else the run's reason. */
async function previewBackSync(ctx: Ctx, plenty: PlentyClient, magento: MagentoClient, plan: BackSyncPlan & { key: string }, magentoOrder: MagentoOrder | undefined): Promise<RecordPreview> {
  const writes: FieldDiff[] = [];
  const outcome = await backSyncOrder(ctx, recordingPlenty(plenty, writes), recordingMagento(magento, writes), plan, magentoOrder);
  if (writes.length === 0 || outcome.result === 'failed') return previewOfOutcome(outcome);
  return { key: plan.key, action: 'update', targetId: plan.link.magentoKey, reason: `PlentyONE status ${plan.state.status}`, diff: writes };
}

async function previewCreditMemo(ctx: Ctx, magento: MagentoClient, key: string, creditNote: Order, mo: MagentoOrder): Promise<RecordPreview> {
  const plan = await planCreditMemo(magento, creditNote, mo, ctx.signal);
  if ('outcome' in plan) return previewOfOutcome(plan.outcome);
  const skuOf = (itemId: number) => mo.items.find((i) => i.item_id === itemId)?.sku ?? `item ${itemId}`;
  const { items, shippingAmount, adjustmentNegative, comment } = plan.request;
  return {
    key,
    action: 'create',
    targetId: mo.increment_id,
    reason: `credit memo of Magento order ${mo.increment_id}`,
    diff: diffFields({
      creditmemo: {
        items: Object.fromEntries(items.map((i) => [skuOf(i.order_item_id), i.qty])),
        shipping_amount: shippingAmount,
        adjustment_negative: adjustmentNegative,
        comment,
      },
    }, undefined),
  };
}

/**
 * The PlentyONE client a back-sync preview runs with: its one write there, the Magento order number
 * written back to the order's properties (completeImport), is recorded instead of sent.
 */
function recordingPlenty(plenty: PlentyClient, writes: FieldDiff[]): PlentyClient {
  return {
    ...plenty,
    orders: {
      ...plenty.orders,
      update: async (orderId, body) => {
        for (const p of (body.properties as { typeId: number; value: unknown }[] | undefined) ?? []) writes.push({ field: `plentyOrder.properties.${p.typeId}`, after: p.value });
        return plenty.orders.get(orderId);
      },
    },
  };
}

/**
 * The Magento client a back-sync preview runs with: reads go to Magento, the order writes are recorded
 * instead of sent, and any other write through the REST transport is refused. A recorded write leaves
 * the order as Magento would (state, status, invoiced quantities) for the reads that follow it.
 */
function recordingMagento(magento: MagentoClient, writes: FieldDiff[]): MagentoClient {
  const changed = new Map<number, MagentoOrder>();
  const current = async (id: number): Promise<MagentoOrder> => changed.get(id) ?? magento.orders.get(id);
  const change = async (id: number, write: (mo: MagentoOrder) => { diff: FieldDiff; order?: Partial<MagentoOrder> }) => {
    const mo = await current(id);
    const { diff, order } = write(mo);
    writes.push(diff);
    changed.set(id, { ...mo, ...order });
  };
  const state = (next: string, status = next) => (mo: MagentoOrder) => ({ diff: { field: 'state', before: mo.state, after: next }, order: { state: next, status } });
  const refused = (what: string) => async (): Promise<never> => {
    throw new Error(`A dry run does not send ${what} to Magento.`);
  };
  const rest = Object.assign(Object.create(magento.rest) as MagentoRestTransport, {
    call: ((call, schema) => (call.method === 'GET' ? magento.rest.call(call, schema) : refused(call.route)())) as MagentoRestTransport['call'],
  });
  return {
    ...magento,
    rest,
    orders: {
      ...magento.orders,
      get: (id, options) => (changed.has(id) ? Promise.resolve(changed.get(id)!) : magento.orders.get(id, options)),
      cancel: async (id) => (await change(id, state('canceled')), true),
      hold: async (id) => (await change(id, state('holded')), true),
      unhold: async (id) => {
        // Magento puts back the state and status the order had before the hold.
        await change(id, (mo) => {
          const before = mo as MagentoOrder & { hold_before_state?: string; hold_before_status?: string };
          return state(before.hold_before_state ?? 'processing', before.hold_before_status ?? 'processing')(mo);
        });
        return true;
      },
      invoice: async (id) => {
        await change(id, (mo) => {
          const open = mo.items.filter((i) => (i.parent_item_id ?? null) === null && i.qty_ordered - (i.qty_invoiced ?? 0) - (i.qty_canceled ?? 0) > 0);
          return {
            diff: { field: 'invoice', after: Object.fromEntries(open.map((i) => [i.sku, i.qty_ordered - (i.qty_invoiced ?? 0) - (i.qty_canceled ?? 0)])) },
            order: { state: mo.state === 'new' ? 'processing' : mo.state, items: mo.items.map((i) => ({ ...i, qty_invoiced: i.qty_ordered - (i.qty_canceled ?? 0) })) },
          };
        });
        return 0;
      },
      ship: async (id, items, tracks = [], options = {}) => {
        await change(id, (mo) => ({
          diff: {
            field: 'shipment',
            after: {
              ...(options.sourceCode ? { source: options.sourceCode } : {}),
              items: Object.fromEntries(items.map((s) => [mo.items.find((i) => i.item_id === s.order_item_id)?.sku ?? `item ${s.order_item_id}`, s.qty])),
              ...(tracks.length ? { tracks: tracks.map((t) => `${t.track_number} (${t.title})`) } : {}),
            },
          },
        }));
        return 0;
      },
      setStatus: async (id, { status }) => {
        await change(id, (mo) => ({ diff: { field: 'status', before: mo.status, after: status }, order: { status } }));
        return current(id);
      },
      addComment: async (id, comment) => (await change(id, () => ({ diff: { field: 'comment', after: comment.comment } })), true),
      sendEmail: async (id) => (await change(id, () => ({ diff: { field: 'confirmation e-mail', after: 'sent' } })), true),
      create: refused('an order'),
      refund: refused('a credit memo'),
    },
  };
}
