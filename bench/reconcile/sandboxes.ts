/**
 * One sandbox of the reconciliation benchmark (BENCH_SYSTEM=plenty or magento) in a process of its
 * own: the benchmark's peak RSS is plentygate's alone, and PlentyONE's pages are not queued behind
 * Magento's writes in one event loop (they are two systems). It answers instantly; the PlentyONE call
 * budget is set far above what a run uses, so it never binds, unless BENCH_PLAN names a documented plan
 * (`classic`, …: its per-minute and per-day budgets, plans.ts). Both generate the same catalog (seed 42,
 * BENCH_VARIATIONS variations). Prints `READY {"url": …}`; exits on SIGTERM.
 */
import { serve } from '../../src/sandbox/common/serve.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';
import type { PlanName } from '../../src/sandbox/plenty/plans.js';

const variations = Number(process.env.BENCH_VARIATIONS ?? 100_000);
const catalog = createCatalog({ seed: 42, variations });
const unbounded = 10_000_000;
const app = process.env.BENCH_SYSTEM === 'magento'
  ? createMagentoSandbox({ catalog, token: 'sandbox' }).app
  : createPlentySandbox({
    catalog, username: 'sandbox', password: 'sandbox',
    plan: process.env.BENCH_PLAN
      ? process.env.BENCH_PLAN as PlanName
      : { base: 'plus', readsPerShort: unbounded, writesPerShort: unbounded, readsPerLong: unbounded, writesPerLong: unbounded },
  }).app;
const server = await serve(app, 0, '127.0.0.1');
process.stdout.write(`READY ${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
