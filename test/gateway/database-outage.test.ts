import { createServer, type Server, type Socket } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { createGateway } from '../../src/gateway/index.js';
import { serveGateway, type ServedGateway } from '../../src/gateway/serve.js';
import { loadGatewaySettings } from '../../src/gateway/settings.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * A database that stopped answering (a network partition: connections open, nothing comes back). The
 * gateway must answer each webhook with a 503 and Retry-After quickly, before the sender gives up on it.
 */

let h: Harness;
let blackhole: Server;
const sockets = new Set<Socket>();
let unreachable: DatabaseHandle;
let served: ServedGateway;

beforeAll(async () => {
  h = await startHarness({ env: {} });
  blackhole = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  const { port } = blackhole.address() as { port: number };
  unreachable = await openDatabase({ url: `postgres://plentygate@127.0.0.1:${port}/plentygate` });
  const settings = loadGatewaySettings({ MAGENTO_WEBHOOK_BASIC_AUTH: 'm:p' });
  const gateway = createGateway({ db: unreachable, queue: h.queue, settings, logger: pino({ level: 'silent' }), services: { profiles: h.profiles } });
  served = await serveGateway(gateway, { relay: false });
}, 180_000);
afterAll(async () => {
  await served?.close(1000);
  for (const s of sockets) s.destroy();
  blackhole?.close();
  await unreachable?.close().catch(() => {});
  await h?.close();
});

describe('a webhook during a database outage', () => {
  it('is answered 503 with Retry-After within a few seconds, so the sender retries', async () => {
    const res = await fetch(`${served.url}/webhooks/magento`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('m:p').toString('base64')}` },
      body: JSON.stringify({ event: 'update_product', sku: 'DB-DOWN' }),
      // Standard Webhooks senders give up after 15 s; the answer must come before that.
      signal: AbortSignal.timeout(15_000),
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/retry/i);
  }, 30_000);
});
