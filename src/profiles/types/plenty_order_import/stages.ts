import { connectorsOf } from '../../../connectors/services.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { MagentoOrder } from '../../../connectors/magento/schemas/order.js';
import { MAX_PAGE_SIZE, searchCriteria } from '../../../connectors/magento/search-criteria.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { EntityLink } from '../../links.js';
import type { Outcome, RunContext, RunStages } from '../../profile-type.js';
import { applyBackSync, shipsAt, stateHash, type PlentyOrderState } from './back-sync.js';
import { collectOrders, loadOrder, WATERMARK_KEY, type CollectedOrder } from './collect.js';
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
 * Back-sync of exported orders (PlentyONE → Magento): status comments, cancellations, shipments with
 * tracking numbers. Creating Magento orders for marketplace orders (`actions.createOrders`) is not part
 * of this version: such orders have no link and are skipped with that reason on event runs.
 */
export const orderImportStages: RunStages<OrderImportConfig, CollectedOrder, CollectedOrder> = {
  async *collect(ctx, checkpoint) {
    const { plenty } = await clients(ctx);
    yield* collectOrders(ctx, plenty, checkpoint);
  },

  transform(raw) {
    if (!/^\d+$/.test(raw.orderId)) throw new Error(`"${raw.orderId}" is not a PlentyONE order id (a whole number).`);
    return raw;
  },

  async process(batch, ctx) {
    const { plenty, magento } = await clients(ctx);
    const outcomes: Outcome[] = [];
    const pending: { key: string; link: EntityLink; state: PlentyOrderState; hash: string }[] = [];

    for (const { key, record } of batch) {
      if (!record.link) {
        outcomes.push({ key, result: 'skipped', reason: `PlentyONE order ${record.orderId} was not exported by plentygate (no order link); creating Magento orders from PlentyONE is not part of this version.` });
        continue;
      }
      const order = record.order ?? (await loadOrder(plenty, record.orderId, ctx.signal));
      if (!order) {
        outcomes.push({ key, result: 'failed', reason: `PlentyONE has no order ${record.orderId} (linked to Magento order ${record.link.magentoKey}).` });
        continue;
      }
      const status = statusKey(order.statusId);
      // Packages only matter once the order ships: below that status they cost no call.
      const packages = shipsAt(ctx.config, status) ? await plenty.orders.shippingPackages(order.id, ctx.signal) : [];
      const state: PlentyOrderState = { order, status, packages };
      const hash = stateHash(state);
      if (record.link.aspectHashes?.[BACK_SYNC_ASPECT] === hash) {
        outcomes.push({ key, result: 'skipped', reason: 'unchanged since the last back-sync' });
        continue;
      }
      pending.push({ key, link: record.link, state, hash });
    }
    if (pending.length === 0) return outcomes;

    const magentoOrders = await magentoOrdersByIncrementId(magento, pending.map((p) => p.link.magentoKey), ctx.signal);
    for (const { key, link, state, hash } of pending) {
      const magentoOrder = magentoOrders.get(link.magentoKey);
      if (!magentoOrder) {
        outcomes.push({ key, result: 'failed', reason: `Magento has no order ${link.magentoKey} (linked to PlentyONE order ${link.plentyId}).` });
        continue;
      }
      const meta = backSyncMetaOf(link);
      const { outcome, settled } = await applyBackSync({
        key, config: ctx.config, state, magentoOrder, magento, meta, signal: ctx.signal,
        commit: () => saveBackSync(ctx.links, link, meta, undefined),
      });
      // Only a settled order is marked unchanged: a held or refused one is tried again on the next run.
      if (settled) await saveBackSync(ctx.links, link, meta, hash);
      if (outcome.result === 'updated') ctx.log.info({ order: link.magentoKey, plentyOrder: link.plentyId, status: state.status }, 'order back-synced');
      outcomes.push(outcome);
    }
    return outcomes;
  },

  async finish(ctx, summary) {
    // Event runs leave the watermark alone: they saw a few orders, not everything since it.
    if (ctx.run.input.mode === 'ids' || summary.status === 'failed' || summary.status === 'paused') return;
    await ctx.state.set(WATERMARK_KEY, ctx.run.startedAt.toISOString());
  },
};

/** The Magento orders of a batch in one search (`increment_id in (...)`). */
async function magentoOrdersByIncrementId(magento: MagentoClient, incrementIds: string[], signal: AbortSignal): Promise<Map<string, MagentoOrder>> {
  const unique = [...new Set(incrementIds)];
  const found = new Map<string, MagentoOrder>();
  for (let i = 0; i < unique.length; i += MAX_PAGE_SIZE) {
    const chunk = unique.slice(i, i + MAX_PAGE_SIZE);
    const answer = await magento.orders.search(searchCriteria().where('increment_id', chunk, 'in').pageSize(chunk.length), { signal });
    for (const o of answer.items) found.set(o.increment_id, o);
  }
  return found;
}
