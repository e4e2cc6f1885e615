/**
 * The sandboxes of the reconciliation benchmark, in their own process so the benchmark's peak RSS is
 * the profile's alone. Both answer instantly; the PlentyONE call budget is set far above what a run
 * uses, so it never binds. Prints `READY {"plenty": url, "magento": url}`; exits on SIGTERM.
 */
import { serve } from '../../src/sandbox/common/serve.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';

const variations = Number(process.env.BENCH_VARIATIONS ?? 100_000);
const catalog = createCatalog({ seed: 42, variations });
const unbounded = 10_000_000;
const plenty = createPlentySandbox({
  catalog, username: 'sandbox', password: 'sandbox',
  plan: { base: 'plus', readsPerShort: unbounded, writesPerShort: unbounded, readsPerLong: unbounded, writesPerLong: unbounded },
});
const magento = createMagentoSandbox({ catalog, token: 'sandbox' });
const p = await serve(plenty.app, 0, '127.0.0.1');
const m = await serve(magento.app, 0, '127.0.0.1');
process.stdout.write(`READY ${JSON.stringify({ plenty: p.url, magento: m.url })}\n`);
process.on('SIGTERM', () => {
  void Promise.all([p.close(), m.close()]).then(() => process.exit(0));
});
