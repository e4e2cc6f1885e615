import { connectorsOf } from '../../../connectors/services.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { MagentoOrder } from '../../../connectors/magento/schemas/order.js';
import { MAX_PAGE_SIZE, searchCriteria } from '../../../connectors/magento/search-criteria.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { EntityLink } from '../../links.js';
import type { Outcome, RunContext, RunStages } from '../../profile-type.js';
import type { Order } from '../../../connectors/plenty/index.js';
import { applyBackSync, shipsAt, stateHash, type PlentyOrderState } from './back-sync.js';
import { collectOrders, loadOrder, WATERMARK_KEY, type CollectedOrder } from './collect.js';
import { CREDIT_NOTE_TYPE, invoiceBlocker, RETURN_TYPE, returnOutcome } from './documents.js';
import { completeImport, creditMemos, importFollowUpsDue, importOrders, updateRetryList } from './import-batch.js';
import { importBlocker } from './marketplace-filter.js';
import type { OrderImportConfig } from './config.js';
import { BACK_SYNC_ASPECT, backSyncMetaOf, saveBackSync } from './order-links.js';
import { statusKey } from './status.js';

type Ctx = RunContext<OrderImportConfig>;
type Batch = { key: string; record: CollectedOrder }[];

const clients = async (ctx: Ctx): Promise<{ plenty: PlentyClient; magento: MagentoClient }> => {
  const connectors = connectorsOf(ctx);
  const [plenty, magento] = await Promise.all([
    connectors.plenty(ctx.config.connection.plenty),
    connectors.magento(ctx.config.connection.magento),
  ]);
  return { plenty, magento };
};

/**
 * PlentyONE → Magento orders: marketplace orders become Magento orders once (import-batch.ts); linked
 * orders, imported or exported, are kept in step (status comments, cancel, hold, invoices, shipments
 * with tracking numbers); credit notes of linked orders become credit memos.
 */
export const orderImportStages: RunStages<OrderImportConfig, CollectedOrder, CollectedOrder> = {
  async *collect(ctx, checkpoint) {
    const { plenty } = await clients(ctx);
    yield* collectOrders(ctx, plenty, checkpoint);
  },

  async transform(raw, ctx) {
    if (!/^\d+$/.test(raw.orderId)) throw new Error(`"${raw.orderId}" is not a PlentyONE order id (a whole number).`);
    // An order an event named and plentygate does not know may be imported: loaded here, not in the batch,
    // so the profile's mapping (mapping-fields.ts) reads it like a scanned one.
    if (raw.order || raw.link) return raw;
    const { plenty } = await clients(ctx);
    const order = await loadOrder(plenty, raw.orderId, ctx.signal);
    return order ? { ...raw, order } : raw;
  },

  async process(batch, ctx) {
    const { plenty, magento } = await clients(ctx);
    const outcomes: Outcome[] = [];
    const pending: { key: string; link: EntityLink; state: PlentyOrderState; hash: string }[] = [];
    const creditNotes: { key: string; order: Order }[] = [];
    const toImport: { key: string; order: Order; mapped?: Record<string, unknown> }[] = [];
    const retry = new Map<string, boolean>();

    for (const { key, record } of batch) {
      const order = record.order ?? (await loadOrder(plenty, record.orderId, ctx.signal));
      if (!order) {
        retry.set(key, false);
        outcomes.push(record.link
          ? { key, result: 'failed', reason: `PlentyONE has no order ${record.orderId} (linked to Magento order ${record.link.magentoKey}).` }
          : { key, result: 'skipped', reason: `PlentyONE has no order ${record.orderId}.` });
        continue;
      }
      if (order.typeId === CREDIT_NOTE_TYPE) {
        creditNotes.push({ key, order });
        continue;
      }
      if (order.typeId === RETURN_TYPE) {
        retry.set(key, false);
        outcomes.push(returnOutcome(key, order));
        continue;
      }
      if (!record.link) {
        const blocker = importBlocker(order, ctx.config);
        if (blocker) {
          retry.set(key, false);
          outcomes.push({ key, result: 'skipped', reason: `PlentyONE order ${order.id} was not exported by plentygate and is not imported: ${blocker}.` });
        } else {
          toImport.push({ key, order, mapped: record.mapped });
        }
        continue;
      }
      retry.set(key, false);
      const status = statusKey(order.statusId);
      const meta = backSyncMetaOf(record.link);
      // Packages only matter once the order ships, payments while it is not invoiced: else they cost no call.
      const packages = shipsAt(ctx.config, status) ? await plenty.orders.shippingPackages(order.id, ctx.signal) : [];
      const invoice = ctx.config.invoices.create && !meta.invoiced && (await invoiceBlocker(ctx.config, order, plenty, ctx.signal)) === undefined;
      const state: PlentyOrderState = { order, status, packages, invoice };
      const hash = stateHash(state);
      if (record.link.aspectHashes?.[BACK_SYNC_ASPECT] === hash && !importFollowUpsDue(ctx.config, record.link)) {
        outcomes.push({ key, result: 'skipped', reason: 'unchanged since the last back-sync' });
        continue;
      }
      pending.push({ key, link: record.link, state, hash });
    }

    if (toImport.length > 0) {
      const imported = await importOrders(ctx, plenty, magento, toImport);
      for (const r of imported) {
        outcomes.push(r.outcome);
        retry.set(r.outcome.key, r.retry);
      }
    }

    if (pending.length > 0) {
      const magentoOrders = await magentoOrdersByIncrementId(magento, pending.map((p) => p.link.magentoKey), ctx.signal);
      for (const { key, link, state, hash } of pending) {
        const magentoOrder = magentoOrders.get(link.magentoKey);
        if (!magentoOrder) {
          outcomes.push({ key, result: 'failed', reason: `Magento has no order ${link.magentoKey} (linked to PlentyONE order ${link.plentyId}).` });
          continue;
        }
        const meta = backSyncMetaOf(link);
        const commit = () => saveBackSync(ctx.links, link, meta, undefined);
        const completed = await completeImport(ctx, plenty, magento, link, meta, magentoOrder, commit);
        const { outcome, settled } = await applyBackSync({ key, config: ctx.config, state, magentoOrder, magento, meta, signal: ctx.signal, commit });
        if (state.invoice && outcome.result !== 'failed') meta.invoiced = true;
        // Only a settled order is marked unchanged: a held or refused one is tried again on the next run.
        if (settled) await saveBackSync(ctx.links, link, meta, hash);
        else await commit();
        if (outcome.result === 'updated') ctx.log.info({ order: link.magentoKey, plentyOrder: link.plentyId, status: state.status }, 'order back-synced');
        outcomes.push(completed.length && outcome.result === 'skipped' ? { key, result: 'updated', note: completed.join(', ') } : outcome);
      }
    }

    if (creditNotes.length > 0) {
      for (const r of await creditMemos(ctx, magento, creditNotes)) {
        outcomes.push(r.outcome);
        retry.set(r.outcome.key, r.retry);
      }
    }
    await updateRetryList(ctx, retry);
    return outcomes;
  },

  async finish(ctx, summary) {
    // Event runs leave the watermark alone: they saw a few orders, not everything since it.
    if (ctx.run.input.mode === 'ids' || summary.status === 'failed' || summary.status === 'paused') return;
    await ctx.state.set(WATERMARK_KEY, ctx.run.startedAt.toISOString());
  },
};

/** The Magento orders of a batch in one search (`increment_id in (...)`). */
export async function magentoOrdersByIncrementId(magento: MagentoClient, incrementIds: string[], signal: AbortSignal): Promise<Map<string, MagentoOrder>> {
  const unique = [...new Set(incrementIds)];
  const found = new Map<string, MagentoOrder>();
  for (let i = 0; i < unique.length; i += MAX_PAGE_SIZE) {
    const chunk = unique.slice(i, i + MAX_PAGE_SIZE);
    const answer = await magento.orders.search(searchCriteria().where('increment_id', chunk, 'in').pageSize(chunk.length), { signal });
    for (const o of answer.items) found.set(o.increment_id, o);
  }
  return found;
}
