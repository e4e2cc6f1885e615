/**
 * The load side of the ingest benchmark, in a second process: autocannon posting Standard Webhooks
 * signed Magento events, each with its own message id (so none is a duplicate), signed as sent.
 * Usage: load.ts <url> <requests> <connections>; MAGENTO_WEBHOOK_SECRET signs. Prints one JSON line.
 * A fixed number of requests (not a duration) so every request sent is answered and counted.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { signStandardWebhook } from '../../src/gateway/verify/standard-webhooks.js';

const [url, amount = '20000', connections = '50'] = process.argv.slice(2);
const secret = process.env.MAGENTO_WEBHOOK_SECRET!;
let n = 0;

const result = await autocannon({
  url: `${url}/webhooks/magento`,
  amount: Number(amount),
  connections: Number(connections),
  requests: [{
    method: 'POST',
    setupRequest: (req) => {
      const body = JSON.stringify({
        type: 'order.saved', timestamp: new Date().toISOString(),
        data: { keys: [String(100000000 + (n++ % 5000))], observer: 'sales_order_save_after' },
      });
      const headers = signStandardWebhook(body, secret, { id: `msg_${randomUUID()}` });
      return { ...req, body, headers: { 'content-type': 'application/json', ...headers } };
    },
  }],
});

process.stdout.write(`${JSON.stringify({
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  rps: result['2xx'] / result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
})}\n`);
