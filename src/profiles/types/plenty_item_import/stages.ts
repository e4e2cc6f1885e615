/**
 * plenty_item_import run stages: collect (items with their variations, collect.ts) → transform (the
 * products an item becomes, transform.ts) → process (hashes, SKU lookup, writes: process.ts) →
 * finish (delta and full runs leave the watermark at their start); preview (preview.ts) in place of
 * process for dry runs.
 */
import type { RunStages } from '../../profile-type.js';
import { advanceWatermark } from '../category-runs.js';
import { collectItems } from './collect.js';
import type { ItemImportConfig } from './config.js';
import { processItems } from './process.js';
import { previewItems } from './preview.js';
import type { ImportRecord, RawItem } from './record.js';
import { transformItem } from './transform.js';
import { withDraftExtras } from './draft-extras.js';
import { withProperties } from './properties.js';

export const itemImportStages: RunStages<ItemImportConfig, RawItem, ImportRecord> = {
  collect: collectItems,
  transform: async (raw, ctx) => withProperties(await withDraftExtras(await transformItem(raw, ctx), raw, ctx), raw, ctx),
  process: processItems,
  preview: previewItems,
  async finish(ctx, summary) {
    if (summary.status === 'failed' || summary.status === 'paused') return;
    await advanceWatermark(ctx);
  },
};
