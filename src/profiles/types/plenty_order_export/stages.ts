import type { RunStages } from '../../profile-type.js';
import type { Ctx } from './clients.js';
import { collectOrders, WATERMARK_KEY } from './collect.js';
import type { OrderExportConfig } from './config.js';
import { ORDER_LINK } from './links.js';
import { processOrders } from './process.js';
import { previewOrders } from './preview.js';
import type { ExportRecord, RawOrder } from './record.js';
import { transformOrder } from './transform.js';

/** The order export: collect → transform → validate → process (exactly once) → update → finish. */
export const orderExportStages: RunStages<OrderExportConfig, RawOrder, ExportRecord> = {
  collect: collectOrders,
  transform: transformOrder,
  validate: (record) => (record.kind === 'order' ? record.problems : []),
  process: processOrders,
  preview: previewOrders,

  /** Keeps the hash of what the link stands for current (follow-ups change what was written). */
  async update(outcomes, batch, ctx) {
    const written = new Set(outcomes.filter((o) => o.result === 'updated').map((o) => o.key));
    if (written.size === 0) return;
    const links = await ctx.links.getMany(ORDER_LINK, [...written]);
    await ctx.links.upsertMany(batch.flatMap(({ key, record }) => {
      const link = links.get(key);
      return link && record.kind === 'order' ? [{ entityType: ORDER_LINK, magentoKey: key, plentyId: link.plentyId, hash: record.hash }] : [];
    }));
  },

  /**
   * Delta and full runs move the watermark to their start minus the settling delay: orders skipped as
   * too fresh were updated after that instant, so the next delta scan sees them again.
   */
  async finish(ctx: Ctx) {
    if (ctx.run.input.mode === 'ids') return;
    const mark = new Date(ctx.run.startedAt.getTime() - ctx.config.settlingSeconds * 1000);
    const current = await ctx.state.get<string>(WATERMARK_KEY);
    if (!current || new Date(current) < mark) await ctx.state.set(WATERMARK_KEY, mark.toISOString());
  },
};
