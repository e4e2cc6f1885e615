/**
 * Latency benchmark of the order export: signed Standard Webhooks `order.placed` posted to the gateway
 * at a fixed rate (default 100/s for 60 s) against sandboxes that answer instantly, debounce and order
 * settling delay 0. Latency = the millisecond the PlentyONE sandbox stored the order minus the
 * millisecond the webhook was sent (one machine clock). Prints p50/p95/p99, the count, duplicates and
 * missing orders, and the ratio against a baseline measured in the same run: the bare round trip of the
 * webhook POST answered (under the same load) plus one direct PlentyONE order create with the client.
 *
 *   npx tsx bench/latency/run.ts [--rate 100] [--seconds 60] [--concurrency 16]
 *
 * DATABASE_URL and REDIS_URL set: PostgreSQL (a database of its own, dropped at the end) + Redis/BullMQ
 * (a key prefix of its own, deleted at the end); otherwise the embedded default (PGlite + embedded queue).
 * plentygate runs as one `serve` process (gateway + worker) in this process; the sandboxes in a child.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { createMemoryTokenStore, createPlentyClient } from '../../src/connectors/plenty/index.js';
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { orderExportSandboxConfig } from '../../src/profiles/types/plenty_order_export/sandbox-config.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startProcess } from '../../src/runtime/processes.js';
import { standardSignature } from '../../src/sandbox/magento/webhooks/signing.js';
import { deleteRedisKeys } from '../../test/support/redis.js';
import { percentile, summarize } from './stats.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' }, seconds: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '16' }, 'baseline-samples': { type: 'string', default: '200' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const TOTAL = Math.round(RATE * SECONDS);
const WARMUP = 50;
const log = (line: string) => process.stderr.write(`${line}\n`);

// ---- sandboxes in their own process -------------------------------------------------------------
log(`placing ${TOTAL + WARMUP} orders in the Magento sandbox…`);
const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./sandboxes.ts', import.meta.url))], {
  env: { ...process.env, BENCH_ORDERS: String(TOTAL + WARMUP), BENCH_PAYMENT_METHODS: Object.keys(orderExportSandboxConfig.paymentMap).join(',') },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const sandbox = await new Promise<{ plenty: string; magento: string; status: string; incrementIds: string[] }>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /READY (\{.*\})\n/.exec(out);
    if (m) resolve(JSON.parse(m[1]!));
  });
  child.on('exit', (code) => reject(new Error(`sandboxes exited with ${code}`)));
});
const createdOrders = async (): Promise<[string | null, number][]> => (await fetch(`${sandbox.status}/created`)).json() as Promise<[string | null, number][]>;

// ---- plentygate: one serve process, distributed or embedded ---------------------------------------
const distributed = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const cleanup: (() => Promise<void>)[] = [];
const env: Record<string, string> = {
  HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'error',
  PLENTYGATE_SECRET_KEY: randomBytes(32).toString('hex'),
  PLENTYGATE_WORKER_CONCURRENCY: values.concurrency,
  MAGENTO_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
  PLENTYGATE_DEBOUNCE_MS: '0',
  PLENTYGATE_WEBHOOK_RATE_LIMIT: '0',
};
if (distributed) {
  const server = process.env.DATABASE_URL!;
  const name = `plentygate_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const a = await openDatabase({ url: server });
    await a.query(sql, []);
    await a.close();
  };
  await admin(`create database ${name}`);
  cleanup.push(() => admin(`drop database if exists ${name} with (force)`));
  const u = new URL(server);
  u.pathname = `/${name}`;
  const prefix = `pgbench-${randomBytes(5).toString('hex')}`;
  cleanup.push(() => deleteRedisKeys(process.env.REDIS_URL!, prefix));
  Object.assign(env, { DATABASE_URL: u.toString(), REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: prefix });
} else {
  const dir = mkdtempSync(join(tmpdir(), 'plentygate-latency-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  env.PLENTYGATE_DATA_DIR = dir;
}
const config = loadConfig(env);
const running = await startProcess(config, createLogger('error'), { gateway: true, gatewayEnv: env });
const runtime = running.runtime;
const webhookUrl = `${running.gateway!.url}/webhooks/magento`;

await runtime.credentials().set('plenty', { kind: 'plenty', baseUrl: sandbox.plenty, username: 'sandbox', password: 'sandbox' });
await runtime.credentials().set('magento', { kind: 'magento', baseUrl: sandbox.magento, auth: { type: 'bearer', token: 'sandbox' } });
const configured = await runtime.service.updateConfig('plenty_order_export', orderExportSandboxConfig);
if (configured.missing.length) throw new Error(`order export config incomplete: ${configured.missing.join(', ')}`);
await runtime.service.test('plenty_order_export');
await runtime.service.enable('plenty_order_export');

/** One signed Standard Webhook, as the Magento sandbox sends it for a placed order. */
function signedOrderPlaced(incrementId: string, now: number): RequestInit {
  const id = `msg_${randomUUID().replace(/-/g, '')}`;
  const timestamp = Math.floor(now / 1000);
  const body = JSON.stringify({ type: 'order.placed', timestamp: new Date(now).toISOString(), data: { increment_id: incrementId } });
  return {
    method: 'POST', body,
    headers: {
      'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp),
      'webhook-signature': standardSignature(env.MAGENTO_WEBHOOK_SECRET!, id, timestamp, body),
    },
  };
}

const sentAt = new Map<string, number>();
const ackMs: number[] = [];
const refused: string[] = [];
async function send(incrementId: string): Promise<void> {
  const t = Date.now();
  sentAt.set(incrementId, t);
  try {
    const res = await fetch(webhookUrl, signedOrderPlaced(incrementId, t));
    await res.arrayBuffer();
    if (res.ok) ackMs.push(Date.now() - t);
    else refused.push(`${incrementId}: ${res.status}`);
  } catch (error) {
    refused.push(`${incrementId}: ${(error as Error).message}`);
  }
}

/** Waits until every id in `ids` has a PlentyONE order, or `timeoutMs` passes; the store's rows. */
async function waitCreated(ids: string[], timeoutMs: number): Promise<[string | null, number][]> {
  const wanted = new Set(ids);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await createdOrders();
    const seen = new Set(rows.map(([id]) => id).filter((id) => id !== null && wanted.has(id)));
    if (seen.size === wanted.size || Date.now() > until) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ---- warm-up (connections, tokens, prepared statements; not measured) ----------------------------
const warmup = sandbox.incrementIds.slice(0, WARMUP);
const measured = sandbox.incrementIds.slice(WARMUP);
for (const id of warmup) await send(id);
await waitCreated(warmup, 30_000);
ackMs.length = 0;

// ---- baseline: direct PlentyONE order creates through the client, one at a time -------------------
const client = createPlentyClient({ baseUrl: sandbox.plenty, username: 'sandbox', password: 'sandbox', tokenStore: createMemoryTokenStore() });
const directMs: number[] = [];
for (let i = 0; i < Number(values['baseline-samples']); i++) {
  const t = Date.now();
  await client.orders.create({
    typeId: 1, plentyId: 1000,
    orderItems: [{ typeId: 1, itemVariationId: 1000, quantity: 1, orderItemName: 'baseline', amounts: [{ isSystemCurrency: true, currency: 'EUR', exchangeRate: 1, priceOriginalGross: 10 }] }],
  });
  directMs.push(Date.now() - t);
}

const requests = (base: string, method = 'GET') => fetch(`${base}/_sandbox/requests`, { method }).then((r) => r.json() as Promise<{ total: number }>);
await Promise.all([requests(sandbox.plenty, 'DELETE'), requests(sandbox.magento, 'DELETE')]);

// ---- the load: fixed rate, each send on its own schedule (late ticks catch up, none is skipped) ----
log(`posting ${TOTAL} order webhooks at ${RATE}/s for ${SECONDS} s (${distributed ? 'PostgreSQL + Redis' : 'embedded'}, concurrency ${values.concurrency})…`);
const start = Date.now();
const inflight: Promise<void>[] = [];
for (let i = 0; i < TOTAL; i++) {
  const due = start + (i * 1000) / RATE;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  inflight.push(send(measured[i]!));
}
const sendSeconds = (Date.now() - start) / 1000;
await Promise.all(inflight);
const rows = await waitCreated(measured, 120_000);
const drainSeconds = (Date.now() - start) / 1000;
const [plentyCalls, magentoCalls] = [(await requests(sandbox.plenty)).total, (await requests(sandbox.magento)).total];

// ---- figures ------------------------------------------------------------------------------------
const measuredIds = new Set(measured);
const copies = new Map<string, number[]>();
for (const [id, at] of rows) if (id !== null && measuredIds.has(id)) copies.set(id, [...(copies.get(id) ?? []), at]);
const latencies: number[] = [];
for (const id of measured) {
  const at = copies.get(id);
  if (at) latencies.push(Math.min(...at) - sentAt.get(id)!);
}
const duplicates = [...copies.values()].filter((at) => at.length > 1).length;
const missing = measured.filter((id) => !copies.has(id));
const end = summarize(latencies);
const ack = summarize(ackMs);
const direct = summarize(directMs);
const runs = await runtime.db.query<{ status: string; n: number }>(
  `select r.status, count(*)::int as n from profile_runs r join profiles p on p.id = r.profile_id where p.type_id = 'plenty_order_export' group by r.status`, []);

const baseline = (p: number) => percentile(ackMs, p) + percentile(directMs, p);
const fmt = (s: ReturnType<typeof summarize>) => `p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms (n=${s.n})`;
process.stdout.write([
  `order export latency, webhook sent → PlentyONE order stored (${distributed ? 'PostgreSQL + Redis/BullMQ' : 'embedded PGlite + queue'}, worker concurrency ${values.concurrency})`,
  `  offered          ${TOTAL} webhooks at ${RATE}/s, sent in ${sendSeconds.toFixed(1)} s (${(TOTAL / sendSeconds).toFixed(1)}/s); all created after ${drainSeconds.toFixed(1)} s`,
  `  end to end       ${fmt(end)}   (target p99 ≤ 250 ms)`,
  `  exactly once     created ${copies.size}/${TOTAL}, duplicates ${duplicates}, missing ${missing.length}${missing.length ? ` (e.g. ${missing.slice(0, 3).join(', ')})` : ''}, webhooks refused ${refused.length}${refused.length ? ` (e.g. ${refused[0]})` : ''}`,
  `  API calls        per order: PlentyONE ${(plentyCalls / TOTAL).toFixed(1)}, Magento ${(magentoCalls / TOTAL).toFixed(1)} (sandboxes answer instantly, calls are sequential within a run)`,
  `  runs             ${runs.map((r) => `${r.status} ${r.n}`).join(', ')} (incl. ${WARMUP} warm-up orders)`,
  `  baseline parts   webhook answered: ${fmt(ack)}; direct order create: ${fmt(direct)}`,
  `  baseline         answered + direct create: p50 ${baseline(50)} ms, p99 ${baseline(99)} ms`,
  `  vs baseline      p50 ×${(end.p50 / Math.max(1, baseline(50))).toFixed(1)}, p99 ×${(end.p99 / Math.max(1, baseline(99))).toFixed(1)}; vs a Magento cron export (≥ 60 s): p99 ${(end.p99 / 60_000 * 100).toFixed(2)} % of it`,
].join('\n') + '\n');

await running.stop();
for (const step of cleanup.reverse()) await step().catch((error: unknown) => log(`cleanup: ${(error as Error).message}`));
child.kill('SIGTERM');
