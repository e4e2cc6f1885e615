import type { RunStages } from '../../profile-type.js';
import type { Ctx } from './clients.js';
import { collectCategories, WATERMARK_KEY } from './collect.js';
import type { CategoryImportConfig } from './config.js';
import { processCategories } from './process.js';
import type { ImportRecord, RawCategory } from './record.js';
import { transformCategory } from './transform.js';

/** The category import: collect (parents first) → transform → process (links and hashes). */
export const categoryImportStages: RunStages<CategoryImportConfig, RawCategory, ImportRecord> = {
  collect: collectCategories,
  transform: transformCategory,
  process: processCategories,

  /** Delta and full runs move the watermark to their start: the next delta looks at later changes. */
  async finish(ctx: Ctx) {
    if (ctx.run.input.mode === 'ids') return;
    const current = await ctx.state.get<string>(WATERMARK_KEY);
    if (!current || new Date(current) < ctx.run.startedAt) await ctx.state.set(WATERMARK_KEY, ctx.run.startedAt.toISOString());
  },
};
