import type { RunStages } from '../../profile-type.js';
import { collectOrders, loadOrder, WATERMARK_KEY, type CollectedOrder } from './collect.js';
import { creditMemos, importOrders, updateRetryList } from './import-batch.js';
import type { OrderImportConfig } from './config.js';
import { magentoOrdersByIncrementId } from './magento-orders.js';
import { backSyncOrder, clients, planOrders } from './plan.js';
import { previewOrders } from './preview.js';

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
    const { outcomes, imports, backSyncs, creditNotes } = await planOrders(ctx, plenty, batch);
    // Decided or linked: off the retry list; imports and credit notes say for themselves.
    const retry = new Map<string, boolean>([...outcomes, ...backSyncs].map(({ key }) => [key, false]));

    if (imports.length > 0) {
      const imported = await importOrders(ctx, plenty, magento, imports);
      for (const r of imported) {
        outcomes.push(r.outcome);
        retry.set(r.outcome.key, r.retry);
      }
    }

    if (backSyncs.length > 0) {
      const magentoOrders = await magentoOrdersByIncrementId(magento, backSyncs.map((p) => p.link.magentoKey), ctx.signal);
      for (const plan of backSyncs) {
        const outcome = await backSyncOrder(ctx, plenty, magento, plan, magentoOrders.get(plan.link.magentoKey));
        if (outcome.result === 'updated') ctx.log.info({ order: plan.link.magentoKey, plentyOrder: plan.link.plentyId, status: plan.state.status }, 'order back-synced');
        outcomes.push(outcome);
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

  preview: previewOrders,

  async finish(ctx, summary) {
    // Event runs leave the watermark alone: they saw a few orders, not everything since it.
    if (ctx.run.input.mode === 'ids' || summary.status === 'failed' || summary.status === 'paused') return;
    await ctx.state.set(WATERMARK_KEY, ctx.run.startedAt.toISOString());
  },
};
