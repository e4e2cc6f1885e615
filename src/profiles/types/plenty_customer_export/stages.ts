import type { RunStages } from '../../profile-type.js';
import type { Ctx } from './clients.js';
import { collectCustomers, WATERMARK_KEY } from './collect.js';
import type { CustomerExportConfig } from './config.js';
import { processCustomers } from './process.js';
import type { CustomerRecord, RawCustomer } from './record.js';
import { transformCustomer } from './transform.js';

/** The customer export: collect → transform → validate → process (one contact per customer) → finish. */
export const customerExportStages: RunStages<CustomerExportConfig, RawCustomer, CustomerRecord> = {
  collect: collectCustomers,
  transform: transformCustomer,
  validate: (record) => (record.kind === 'customer' ? record.problems : []),
  process: processCustomers,

  /** Delta and full runs move the watermark to their start: what changed during the run is seen again. */
  async finish(ctx: Ctx) {
    if (ctx.run.input.mode === 'ids') return;
    const mark = ctx.run.startedAt;
    const current = await ctx.state.get<string>(WATERMARK_KEY);
    if (!current || new Date(current) < mark) await ctx.state.set(WATERMARK_KEY, mark.toISOString());
  },
};
