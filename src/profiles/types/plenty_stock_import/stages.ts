/**
 * plenty_stock_import run stages: collect (collect.ts) → process (write.ts) → update (links and the
 * hash per source) → finish (watermark).
 */
import type { RunStages } from '../../profile-type.js';
import { collectStock } from './collect.js';
import type { StockImportConfig } from './config.js';
import type { StockRaw } from './records.js';
import { VARIATION_LINK } from './skus.js';
import { advanceWatermark } from './watermark.js';
import { forgetRun, processStock } from './write.js';

export const stockImportStages: RunStages<StockImportConfig, StockRaw, StockRaw> = {
  collect: collectStock,
  // The records are already in the target shape: collect computed them to compare hashes.
  transform: (raw) => raw,
  process: processStock,

  async update(outcomes, batch, ctx) {
    const written = new Set(outcomes.filter((o) => o.result === 'updated').map((o) => o.key));
    const links = batch.flatMap(({ record }) => (record.kind === 'write' && written.has(record.sku)
      ? [{ entityType: VARIATION_LINK, magentoKey: record.sku, plentyId: String(record.variationId), aspectHashes: record.hashes }]
      : []));
    await ctx.links.upsertMany(links);
  },

  async finish(ctx) {
    forgetRun(ctx.run.id);
    await advanceWatermark(ctx);
  },
};
