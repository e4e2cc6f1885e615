/**
 * plenty_stock_import run stages: collect (collect.ts) → process (write.ts) → update (links and the
 * hash per source) → finish (watermark; on full runs the stale source items and the drift report);
 * preview (preview.ts) in place of process for dry runs.
 */
import { createHistory, type NewMessage } from '../../history.js';
import type { RunStages } from '../../profile-type.js';
import { collectStock } from './collect.js';
import type { StockImportConfig } from './config.js';
import { MANAGED_ASPECT, type StockRaw } from './records.js';
import { forgetNotes, MAX_DRIFT_LISTED, notesOf, type RunNotes } from './run-notes.js';
import { VARIATION_LINK } from './skus.js';
import { removeStaleSourceItems } from './stale.js';
import { advanceWatermark } from './watermark.js';
import { forgetRun, processStock } from './write.js';
import { previewStock } from './preview.js';

export const stockImportStages: RunStages<StockImportConfig, StockRaw, StockRaw> = {
  collect: collectStock,
  // The records are already in the target shape: collect computed them to compare hashes.
  transform: (raw) => raw,
  process: processStock,
  preview: previewStock,

  async update(outcomes, batch, ctx) {
    // A batch of skips (almost all of a reconciliation) has no link to record.
    if (!batch.some(({ record }) => record.kind === 'write')) return;
    const written = new Set(outcomes.filter((o) => o.result === 'updated').map((o) => o.key));
    const links = batch.flatMap(({ record }) => {
      if (record.kind !== 'write') return [];
      const link = { entityType: VARIATION_LINK, magentoKey: record.sku, plentyId: String(record.variationId) };
      if (written.has(record.sku)) return [{ ...link, aspectHashes: record.hashes }];
      // Remembered, so later delta runs skip it without asking Magento again.
      if (record.managed === 'no') return [{ ...link, aspectHashes: { [MANAGED_ASPECT]: 'no' } }];
      return [];
    });
    // Written by the runner's save of this batch, in its statement (one round trip and one commit less
    // per batch). A crash before that save loses nothing: the batch is collected and written again
    // (source item writes are idempotent), and no other record of the run reads these links.
    await ctx.links.upsertMany(links, { atBatchSave: true });
  },

  async finish(ctx, summary) {
    forgetRun(ctx.run.id);
    const notes = notesOf(ctx.run.id);
    try {
      const messages = [...unmanagedNote(notes), ...driftReport(notes, ctx.config)];
      if (ctx.run.input.mode === 'full' && ctx.config.removeStaleOnFullRun && summary.status !== 'failed') {
        messages.push(...await removeStaleSourceItems(ctx, notes, notes.sourceCodes));
      }
      const history = createHistory(ctx.db);
      for (const message of messages) await history.addMessage(ctx.run.id, message);
      await advanceWatermark(ctx);
    } finally {
      forgetNotes(ctx.run.id);
    }
  },
};

function unmanagedNote(notes: RunNotes): NewMessage[] {
  if (notes.unmanaged === 0) return [];
  return [{ level: 'info', message: `Skipped ${notes.unmanaged} product(s) whose Magento "Manage Stock" is No (skipUnmanaged).` }];
}

/** The drift report: one line per drifted source item (up to a limit) and a summary. */
function driftReport(notes: RunNotes, config: StockImportConfig): NewMessage[] {
  if (notes.driftCount === 0) return [];
  const lines: NewMessage[] = notes.drift.map((d) => ({
    level: 'warn',
    recordKey: d.sku,
    message: `Drift at source ${d.sourceCode}: Magento has ${d.magento === undefined ? 'no source item' : d.magento}, PlentyONE ${d.plenty}; written again.`,
  }));
  lines.push({
    level: 'warn',
    message: `Drift report: ${notes.driftCount} source item(s) differed from PlentyONE by more than ${config.driftReport.tolerance} unit(s) and were written again${notes.driftCount > MAX_DRIFT_LISTED ? `; the first ${MAX_DRIFT_LISTED} are listed` : ''}.`,
  });
  return lines;
}
