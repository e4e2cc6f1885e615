import type { RunStages } from '../../profile-type.js';
import type { Ctx } from './clients.js';
import { collectCategories, WATERMARK_KEY } from './collect.js';
import type { CategoryExportConfig } from './config.js';
import { processCategories } from './process.js';
import type { CategoryRecord, RawCategory } from './record.js';
import { transformCategory } from './transform.js';

/** The category export: collect (parents first) → transform → validate → process (links and hashes). */
export const categoryExportStages: RunStages<CategoryExportConfig, RawCategory, CategoryRecord> = {
  collect: collectCategories,
  transform: transformCategory,
  // Problems are reported by process, which also tells this category's children that it failed.
  process: processCategories,

  /** Delta and full runs move the watermark to their start: the next delta looks at later changes. */
  async finish(ctx: Ctx) {
    if (ctx.run.input.mode === 'ids') return;
    const current = await ctx.state.get<string>(WATERMARK_KEY);
    if (!current || new Date(current) < ctx.run.startedAt) await ctx.state.set(WATERMARK_KEY, ctx.run.startedAt.toISOString());
  },
};
