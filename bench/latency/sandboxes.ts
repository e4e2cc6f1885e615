/**
 * The sandboxes of the latency benchmark, in their own process so they do not share the event loop
 * with plentygate. Both answer instantly (PlentyONE call budget far above what a run uses). The orders
 * the benchmark announces are placed in Magento up front (no webhook targets: the benchmark posts the
 * webhooks itself at a fixed rate). A tiny status server answers `GET /created` with every PlentyONE
 * order's external order id and the millisecond the sandbox stored it (same machine clock as the
 * benchmark), or with `?from=N` those after the first N. Prints `READY {"plenty","magento","status","incrementIds"}`; exits on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '../../src/sandbox/common/serve.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';

const orderCount = Number(process.env.BENCH_ORDERS ?? 6000);
const paymentMethods = (process.env.BENCH_PAYMENT_METHODS ?? 'checkmo').split(',');
const catalog = createCatalog({ seed: 42, variations: 200, customers: 50 });
const unbounded = 10_000_000;
const plenty = createPlentySandbox({
  catalog, username: 'sandbox', password: 'sandbox',
  plan: { base: 'plus', readsPerShort: unbounded, writesPerShort: unbounded, readsPerLong: unbounded, writesPerLong: unbounded },
});
const magento = createMagentoSandbox({ catalog, token: 'sandbox' });

// Orders placed the way a shopper would (control endpoint), in process: no network needed here.
const skus: string[] = [];
// Every active variation of the catalogue: their stock covers about 27,000 orders (the warm-up included).
for (let i = 0; i < catalog.variationCount; i++) {
  const v = catalog.variation(i);
  if (v.active) skus.push(v.sku);
}
const incrementIds: string[] = [];
let attempt = 0;
while (incrementIds.length < orderCount) {
  if (attempt++ > orderCount * 3) throw new Error(`the Magento sandbox refused too many orders (${incrementIds.length} placed)`);
  const n = attempt;
  const buyer = n % 3 === 0 ? { email: `bench.guest.${n % 97}@example.com` } : { customerId: 1 + (n % catalog.customerCount) };
  const res = await magento.app.request('/_sandbox/orders', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      items: [{ sku: skus[n % skus.length], qty: 1 + (n % 2) }], ...buyer,
      storeCode: n % 2 ? 'default' : 'de', paymentMethod: paymentMethods[n % paymentMethods.length], shippingMethod: 'flatrate_flatrate',
    }),
  });
  if (res.status !== 201) continue;
  incrementIds.push(((await res.json()) as { increment_id: string }).increment_id);
}

const status = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://status');
  if (url.pathname !== '/created') {
    res.writeHead(404).end();
    return;
  }
  // ?from=N: only the orders stored after the first N (the benchmark polls; the answer stays small).
  const orders = plenty.stores.orders;
  const rows = orders.all().slice(Number(url.searchParams.get('from') ?? 0)).map((o) => [orders.externalOrderId(o) ?? null, o.createdAtMs]);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
});
await new Promise<void>((resolve) => status.listen(0, '127.0.0.1', resolve));

const p = await serve(plenty.app, 0, '127.0.0.1');
const m = await serve(magento.app, 0, '127.0.0.1');
const statusUrl = `http://127.0.0.1:${(status.address() as AddressInfo).port}`;
process.stdout.write(`READY ${JSON.stringify({ plenty: p.url, magento: m.url, status: statusUrl, incrementIds })}\n`);
process.on('SIGTERM', () => {
  status.close();
  void Promise.all([p.close(), m.close()]).then(() => process.exit(0));
});
