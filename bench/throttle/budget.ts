/**
 * The PlentyONE call budget on Redis: client CPU (µs) and Redis round trips per paced call, as the
 * transport makes them (acquire, the call, settle with the answer's headers), in a loop against
 * REDIS_URL. No PlentyONE: the answer is made up, so the figures are the budget's alone.
 *
 *   npx tsx bench/throttle/budget.ts [--calls 20000] [--concurrency 1]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { PlentyThrottle, createRedisBudgetStore } from '../../src/connectors/plenty/index.js';
import { observeHeaders } from '../../src/connectors/plenty/throttle/budget.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '1' } } });
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
let roundTrips = 0;
const send = redis.sendCommand.bind(redis);
redis.sendCommand = ((...args: Parameters<typeof send>) => {
  roundTrips += 1;
  return send(...args);
}) as typeof redis.sendCommand;

const prefix = `bench-budget-${randomUUID()}`;
const throttle = new PlentyThrottle(createRedisBudgetStore({ redis, prefix, name: 'bench' }));
const call = { method: 'POST', route: '/rest/orders' };
const headers: Record<string, string> = {};
for (const p of ['x-plenty-global-long-period', 'x-plenty-global-short-period', 'x-plenty-route']) {
  Object.assign(headers, { [`${p}-limit`]: '1000000000', [`${p}-calls-left`]: '999999999', [`${p}-decay`]: '3600' });
}
const observations = () => observeHeaders(call, (name) => headers[name]);

async function run(n: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < n) {
      const permit = await throttle.acquire(call, 30_000);
      await throttle.settle(permit, observations());
    }
  }));
}

await run(2_000); // warm-up (JIT, script cache)
await new Promise((r) => setTimeout(r, 100));
roundTrips = 0;
const cpu = process.cpuUsage();
const started = performance.now();
await run(calls);
await new Promise((r) => setTimeout(r, 100)); // let a deferred settle go out, counted
const used = process.cpuUsage(cpu);
const wallMs = performance.now() - started - 100;
const keys = await redis.keys(`${prefix}:*`);
if (keys.length) await redis.del(...keys);
redis.disconnect();
const { loadavg } = await import('node:os');
console.log(JSON.stringify({
  calls,
  concurrency,
  cpuUsPerCall: Number(((used.user + used.system) / calls).toFixed(1)),
  wallUsPerCall: Number(((wallMs * 1000) / calls).toFixed(1)),
  redisRoundTripsPerCall: Number((roundTrips / calls).toFixed(3)),
  loadavg: loadavg().map((x) => x.toFixed(1)).join(' '),
}));
