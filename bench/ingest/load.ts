/**
 * The load side of the ingest benchmark, in a second process: autocannon posting Standard Webhooks
 * signed Magento events, each with its own message id (so none is a duplicate).
 * Usage: load.ts <url> <requests> <connections> [<requests/s in all; 0: as fast as answered>];
 * MAGENTO_WEBHOOK_SECRET signs. Prints one JSON line.
 * A fixed number of requests (not a duration) so every request sent is answered and counted.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { signStandardWebhook } from '../../src/gateway/verify/standard-webhooks.js';

const [url, amount = '20000', connections = '50', rate = '0'] = process.argv.slice(2);
const secret = process.env.MAGENTO_WEBHOOK_SECRET!;
const { host } = new URL(url!);
let n = 0;

/**
 * One signed webhook as the bytes of its HTTP/1.1 request: the request line, headers and body autocannon
 * itself would write for it (keep-alive, Content-Length).
 */
function signed(): Buffer {
  const body = JSON.stringify({
    type: 'order.saved', timestamp: new Date().toISOString(),
    data: { keys: [String(100000000 + (n++ % 5000))], observer: 'sales_order_save_after' },
  });
  const headers = { 'content-type': 'application/json', ...signStandardWebhook(body, secret, { id: `msg_${randomUUID()}` }) };
  const head = [
    'POST /webhooks/magento HTTP/1.1', `Host: ${host}`, 'Connection: keep-alive',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`);
}

// Signed and laid out before the run, so neither signing nor building the request takes CPU from the
// server measured on the same cores (the timestamps stay within the gateway's 5-minute tolerance at any
// rate above 100/s): each connection writes the next prepared request as it is. Autocannon builds a
// request anew from its parts for every request given a `setupRequest`, about a fifth of its CPU per
// request; instead every client takes its bytes from the shared list (autocannon's `getRequestBuffer`).
// Autocannon may ask for a few more than `amount` (requests cut off at the end): those are signed as
// they come.
const prepared = Array.from({ length: Number(amount) }, signed);
let next = 0;
const nextRequest = (): Buffer => prepared[next++] ?? signed();
const cpuBefore = process.cpuUsage();

// The run lasts from its start to the last answer. Autocannon's own `duration` ends at the first of its
// one-second samples after the last answer, which made every rate 30,000 requests / a whole number of
// seconds (7,500, 6,000, 5,000/s) give or take 10 ms.
const started = performance.now();
let lastAnswer = started;
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon({
    url: `${url}/webhooks/magento`,
    method: 'POST',
    amount: Number(amount),
    connections: Number(connections),
    ...(Number(rate) > 0 ? { overallRate: Number(rate) } : {}),
    setupClient: (client) => {
      (client as unknown as { getRequestBuffer: () => Buffer }).getRequestBuffer = nextRequest;
    },
  }, (error: unknown, r) => (error ? reject(error) : resolve(r)));
  instance.on('response', () => { lastAnswer = performance.now(); });
});

process.stdout.write(`${JSON.stringify({
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  rps: result['2xx'] / ((lastAnswer - started) / 1000),
  p50: result.latency.p50,
  p99: result.latency.p99,
  loadCpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpuBefore)),
})}\n`);
