/**
 * Issue "Done when" for reliability: with 5 % of PlentyONE calls failing (500/502/503, client timeouts,
 * connection resets; order creates also failing after PlentyONE wrote the order), a full stock import
 * and a burst of 500 order webhooks end with every order in PlentyONE exactly once and every MSI
 * source item equal to PlentyONE's net stock. Jobs that use up their attempts (forced here by a short
 * outage of the order lookup) are in the dead-letter list with a readable reason, and replaying them
 * through the admin API, with the faults gone, finishes them without a duplicate.
 * PostgreSQL + Redis + BullMQ, gateway in this process, two worker processes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGES_ASKED_AHEAD } from '../../src/connectors/plenty/paging.js';
import type { ServedGateway } from '../../src/gateway/index.js';
import type { Runtime } from '../../src/runtime/open.js';
import type { FaultRuleInput, FaultRuleState } from '../../src/sandbox/common/index.js';
import { variationSku } from '../../src/sandbox/generator/sku.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { sleep, waitFor } from '../queue/helpers.js';
import { pendingWork } from '../support/queue-idle.js';
import { sandboxOrderConfig } from '../profiles/order-export-harness.js';
import { startDistributed, type Distributed } from './distributed.js';
import { configureProfile, gatewayEnv, newWebhookSecret, placeOrder, pointWebhooks, type FlowContext } from './order-export-flow.js';
import { distributedMissing } from '../support/redis-required.js';

const distributed = !distributedMissing;

const VARIATIONS = 3_000;
const ORDERS = 500;
const BURST = 50;
/** Orders placed while the order lookup is down, so their jobs use up their attempts. */
const OUTAGE_ORDERS = 6;
const FAULT_SEED = 6;
const MAPPING = [{ warehouseId: 1, sourceCode: 'berlin' }, { warehouseId: 2, sourceCode: 'vienna' }];
const API_TOKEN = 'e2e-faults-token';
/** The workers' per-call timeout: the sandbox holds a "timed out" call far longer. */
const CALL_TIMEOUT_MS = 2_000;
/** An order create PlentyONE finishes this long after it was sent, after the client gave up on it. */
const LATE_WRITE_MS = 12_000;

type MixFaults = Extract<FaultRuleInput, { kind: 'mix' }>['faults'];
const fivePercent = (rule: { id: string; method?: string; path: string }, faults: MixFaults): FaultRuleInput =>
  ({ ...rule, kind: 'mix', probability: 0.05, faults });

/**
 * 5 % of every PlentyONE call, login included. An order create fails in the same ways, and a timeout or
 * reset may come after PlentyONE stored the order (as may a 500), or PlentyONE may store it only after
 * the client gave up: the export must find that order rather than create it again.
 */
const FIVE_PERCENT: FaultRuleInput[] = [
  fivePercent({ id: 'order-create', method: 'POST', path: '/rest/orders' }, [
    { kind: 'fail-after-write', status: 500 }, { kind: 'error', status: 502 }, { kind: 'error', status: 503 },
    { kind: 'timeout', holdMs: 60_000 }, { kind: 'timeout', holdMs: 60_000, afterWrite: true },
    { kind: 'timeout', holdMs: LATE_WRITE_MS, lateWrite: true },
    { kind: 'reset' }, { kind: 'reset', afterWrite: true },
  ]),
  fivePercent({ id: 'other-calls', path: 're:^/rest/(?!orders$)' }, [
    { kind: 'error', status: 500 }, { kind: 'error', status: 502 }, { kind: 'error', status: 503 },
    { kind: 'timeout', holdMs: 60_000 }, { kind: 'reset' },
  ]),
];

/**
 * On top of the 5 %, so every run sees them whatever the draws: each way PlentyONE can store an order
 * without saying so happens once, and one stock page fails on every try of the client, so the stock
 * import's job fails and its retry resumes from the checkpoint. First in the list: a rule only sees the
 * calls no rule before it has failed. A scan has PAGES_ASKED_AHEAD pages in flight when the sixth page
 * fails (the sixth and the seventh), and a rule matches the route, not the page: every try of each of
 * them fails (three each), or the tries of the two would share the failures and each page come through.
 */
const EVERY_RUN: FaultRuleInput[] = [
  { id: 'stock-page', kind: 'error', method: 'GET', path: '/rest/stockmanagement/warehouses/2/stock', status: 503, skip: 5, times: 3 * PAGES_ASKED_AHEAD },
  ...([
    { kind: 'fail-after-write', status: 500 },
    { kind: 'timeout', holdMs: 60_000, afterWrite: true },
    { kind: 'reset', afterWrite: true },
    { kind: 'timeout', holdMs: LATE_WRITE_MS, lateWrite: true },
  ] as const).map((fault, i): FaultRuleInput => ({ id: `unconfirmed-create-${i + 1}`, method: 'POST', path: '/rest/orders', skip: 100 + 50 * i, times: 1, ...fault })),
];

/**
 * A short outage after the first lookups: each outage order's first attempt finds nothing and creates
 * (half of them answered 502 after the write, half refused with 503), and every later attempt finds the
 * lookup down, so the jobs end in the dead-letter list with orders in PlentyONE they never saw confirmed.
 */
const OUTAGE: FaultRuleInput[] = [
  { id: 'written-unconfirmed', kind: 'fail-after-write', method: 'POST', path: '/rest/orders', status: 502, times: OUTAGE_ORDERS / 2 },
  { id: 'create-refused', kind: 'error', method: 'POST', path: '/rest/orders', status: 503 },
  { id: 'lookup-down', kind: 'error', method: 'GET', path: '/rest/orders/search', status: 503, skip: OUTAGE_ORDERS },
];

interface DeadLetter { id: string; attemptsMade: number; lastError: string | null; data: { profileId: number; input: { mode: string; ids?: string[] } } }

describe.skipIf(!distributed)('5 % of PlentyONE calls failing, on PostgreSQL + Redis with two worker processes', () => {
  let sandboxes: StartedSandboxes;
  let deployment: Distributed;
  let runtime: Runtime;
  let gateway: ServedGateway;
  let ctx: FlowContext;

  beforeAll(async () => {
    const unbounded = 10_000_000;
    sandboxes = await startSandboxes({
      variations: VARIATIONS, customers: 40, orders: 0, seed: 6, faultSeed: FAULT_SEED,
      // The call budget is not under test here: 500 orders on a real plan take half an hour.
      plan: { base: 'plus', readsPerShort: unbounded, writesPerShort: unbounded, readsPerLong: unbounded, writesPerLong: unbounded },
    });
    const secret = newWebhookSecret();
    deployment = await startDistributed({
      PLENTYGATE_API_TIMEOUT_MS: String(CALL_TIMEOUT_MS), PLENTYGATE_API_TOKENS: API_TOKEN, ...gatewayEnv(sandboxes, secret),
    }, () => sandboxes.close());
    ({ runtime, gateway } = deployment);
    ctx = { sandboxes, gatewayUrl: gateway.url, service: runtime.service, credentials: runtime.credentials(), query: (t, p) => runtime.db.query(t, p) };
    const orderProfile = await configureProfile(ctx);
    // A create that went unanswered is looked up again once PlentyONE's late write would have landed.
    // Retries 1 s apart (then doubling), so the jobs that meet the outage below exhaust their attempts soon.
    const retry = { delaySeconds: 1 };
    await runtime.service.updateConfig(orderProfile, { ...sandboxOrderConfig, retry, unansweredCreateWaitSeconds: (LATE_WRITE_MS + 1_000) / 1000 });
    const stock = await runtime.service.get('plenty_stock_import');
    expect((await runtime.service.updateConfig(stock.id, { warehouseMapping: MAPPING, retry })).missing).toEqual([]);
    await runtime.service.test(stock.id);
    await runtime.service.enable(stock.id);
    // One delivery per order: every job is that order's only chance, short of a replay.
    await pointWebhooks(ctx, secret, ['standard']);
    await deployment.startWorkers(2);
  }, 120_000);

  afterAll(() => deployment?.close(), 60_000);

  const control = async (path: string, init: { method: string; body?: unknown }) => {
    const res = await fetch(`${sandboxes.plenty.url}/_sandbox/${path}`, {
      method: init.method, headers: { 'content-type': 'application/json' }, body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(res.status, `${init.method} /_sandbox/${path}`).toBeLessThan(300);
    return res.json() as Promise<unknown>;
  };
  const faultStates = async () => ((await control('faults', { method: 'GET' })) as { rules: FaultRuleState[] }).rules;
  const api = async (path: string, method = 'GET') => {
    const res = await fetch(`${gateway.url}/api/v1/${path}`, { method, headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(res.status, `${method} /api/v1/${path}`).toBeLessThan(300);
    return res.json() as Promise<unknown>;
  };

  /** Every accepted webhook dispatched and every job finished or dead, twice in a row. */
  const drained = async (what: string, timeoutMs: number) => {
    await sandboxes.magento.sandbox.webhooks.drain();
    let idleChecks = 0;
    await waitFor(async () => {
      const [pending] = await ctx.query<{ n: number }>(`select count(*)::int as n from webhook_inbox where status = 'pending'`);
      const idle = pending!.n === 0 && (await pendingWork(runtime.queue!)) === 0;
      idleChecks = idle ? idleChecks + 1 : 0;
      if (idleChecks < 2) await sleep(250);
      return idleChecks >= 2;
    }, what, timeoutMs);
  };

  /** Job attempts that failed (each one is a "Run failed" line in its run's history), per profile. */
  const failedAttempts = async () => {
    const rows = await ctx.query<{ type_id: string; n: number }>(
      `select p.type_id, count(*)::int as n from profile_run_messages m join profile_runs r on r.id = m.run_id
         join profiles p on p.id = r.profile_id where m.message like 'Run failed:%' group by p.type_id`);
    const of = (typeId: string) => rows.find((r) => r.type_id === typeId)?.n ?? 0;
    return { orders: of('plenty_order_export'), stock: of('plenty_stock_import') };
  };

  /** SKUs with enough salable stock for every order of the test. */
  const sellableSkus = () => {
    const skus: string[] = [];
    const inventory = sandboxes.magento.sandbox.store.inventory;
    for (let i = 0; skus.length < 80; i++) {
      const v = sandboxes.catalog.variation(i);
      if (v.active && inventory.salableQty(v.sku) >= 50) skus.push(v.sku);
    }
    return skus;
  };
  const orderInput = (n: number, skus: string[]) => ({
    items: [{ sku: skus[n % skus.length], qty: 1 + (n % 2) }, ...(n % 4 === 0 ? [{ sku: skus[(n * 7 + 3) % skus.length], qty: 1 }] : [])],
    // Registered customers and returning guests share contacts across orders, so contact claims contend.
    ...(n % 3 === 0 ? { email: `faults.guest.${n % 23}@example.com` } : { customerId: 1 + (n % sandboxes.catalog.customerCount) }),
    storeCode: n % 2 ? 'default' : 'de', paymentMethod: n % 5 === 0 ? 'banktransfer' : 'checkmo', shippingMethod: 'flatrate_flatrate',
  });
  const placeInBursts = async (count: number, first: number): Promise<string[]> => {
    const skus = sellableSkus();
    const placed: string[] = [];
    for (let start = 0; start < count; start += BURST) {
      const burst = Array.from({ length: Math.min(BURST, count - start) }, (_, i) => first + start + i);
      placed.push(...(await Promise.all(burst.map(async (n) => (await placeOrder(ctx, orderInput(n, skus))).incrementId))));
    }
    return placed;
  };

  const exportedCounts = () => {
    const stores = sandboxes.plenty.sandbox.stores;
    const counts = new Map<string, number>();
    for (const order of stores.orders.all()) {
      const id = stores.orders.externalOrderId(order);
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };
  /** Source items that differ from PlentyONE's net stock of their warehouse, as "sku source: magento ≠ plenty". */
  const stockDrift = () => {
    const drift: string[] = [];
    for (let index = 0; index < VARIATIONS; index++) {
      const sku = variationSku(index);
      const items = sandboxes.magento.sandbox.store.inventory.itemsOf(sku);
      for (const { warehouseId, sourceCode } of MAPPING) {
        const net = sandboxes.plenty.sandbox.stores.stock.get(1000 + index, warehouseId)?.stockNet ?? 0;
        const quantity = items.find((i) => i.sourceCode === sourceCode)?.quantity;
        if (quantity !== net) drift.push(`${sku} ${sourceCode}: ${quantity} ≠ ${net}`);
      }
    }
    return drift;
  };

  it('exports every order exactly once, imports every stock value, and replays the dead-letter list cleanly', { timeout: 240_000 }, async () => {
    const started = performance.now();
    // The generated shop has drifted from PlentyONE here and there, as real ones do.
    const driftBefore = stockDrift().length;
    expect(driftBefore).toBeGreaterThan(100);

    // ---- 5 % of PlentyONE calls fail while a full stock import and 500 orders run -------------------
    await control('faults', { method: 'POST', body: { seed: FAULT_SEED, rules: [...EVERY_RUN, ...FIVE_PERCENT] } });
    const stockProfile = await runtime.service.get('plenty_stock_import');
    await runtime.service.requestRun(stockProfile.id, { trigger: 'manual', input: { mode: 'full' } });
    const placed = await placeInBursts(ORDERS, 0);
    expect(new Set(placed).size).toBe(ORDERS);
    await drained('the burst to be worked off', 150_000);
    const injected = await faultStates();
    for (const rule of EVERY_RUN) expect(injected.find((f) => f.rule.id === rule.id)?.exhausted, rule.id).toBe(true);
    const calls = (await control('requests', { method: 'GET' })) as { total: number };
    const deadAfterBurst = (await api('dead-letters?limit=1000')) as DeadLetter[];
    const burstAttempts = await failedAttempts();

    // ---- a short outage of the order lookup sends a few orders to the dead-letter list -------------
    await control('faults', { method: 'DELETE' });
    await control('faults', { method: 'POST', body: { rules: OUTAGE } });
    const outage = await placeInBursts(OUTAGE_ORDERS, ORDERS);
    await drained('the outage orders to use up their attempts', 60_000);
    const outageFaults = await faultStates();
    expect(outageFaults.find((f) => f.rule.id === 'written-unconfirmed')?.fired).toBe(OUTAGE_ORDERS / 2);

    const dead = (await api('dead-letters?limit=1000')) as DeadLetter[];
    const deadOrders = dead.flatMap((d) => d.data.input.ids ?? []);
    expect(dead.length).toBeGreaterThan(deadAfterBurst.length);
    expect(outage.filter((id) => deadOrders.includes(id)).length).toBeGreaterThan(0);
    for (const job of dead) {
      expect(job.attemptsMade, job.id).toBeGreaterThan(0);
      // Readable: which call failed and how, in the words of the error, not a stack or "[object Object]".
      // Or, for a job whose create went unanswered on its second-to-last attempt, what its last one waited for.
      expect(job.lastError, job.id).toMatch(/^(PlentyONE (answered \d{3} to|call) (GET|POST|PUT|DELETE) \/rest\/|The last create of order \d+ got no answer from PlentyONE)/);
    }
    const before = exportedCounts();
    expect(outage.filter((id) => before.get(id) === 1).length).toBeGreaterThan(0);

    // ---- faults gone, the dead-letter list replayed the way an operator would ----------------------
    await control('faults', { method: 'DELETE' });
    for (const job of dead) expect(await api(`dead-letters/${encodeURIComponent(job.id)}/replay`, 'POST')).toEqual({ replayed: 1 });
    await drained('the replayed jobs', 60_000);
    expect(await api('dead-letters?limit=1000')).toEqual([]);

    // ---- what a merchant checks ----------------------------------------------------------------------
    const exported = exportedCounts();
    const wrong = [...placed, ...outage].filter((id) => exported.get(id) !== 1).map((id) => `${id}: ${exported.get(id) ?? 0}`);
    // A webhook the shop gave up on (no answer within its timeout) may still have been accepted.
    const webhooks = sandboxes.magento.sandbox.webhooks.stats();
    expect(wrong, `orders not in PlentyONE exactly once; ${webhooks.failed} of ${webhooks.sent + webhooks.failed} webhooks got no answer in time`).toEqual([]);
    expect(exported.size).toBe(ORDERS + OUTAGE_ORDERS);
    expect(stockDrift()).toEqual([]);
    const runs = await ctx.query<{ profile_id: number; status: string; failed: number; ids: string[] | null }>(
      `select profile_id, status, failed, params->'ids' as ids from profile_runs where trigger <> 'cron' order by id`);
    expect(runs.filter((r) => r.status !== 'completed').map((r) => `${r.ids ?? 'full'}: ${r.status}`)).toEqual([]);
    expect(runs.filter((r) => r.profile_id === stockProfile.id)).toEqual([expect.objectContaining({ ids: null, failed: 0 })]);
    // A replay resumes the run its job started: one run per order in the history.
    expect(runs.filter((r) => r.profile_id !== stockProfile.id).length).toBe(ORDERS + OUTAGE_ORDERS);
    // The failed stock page failed the import's job once; its retry resumed and finished the run.
    expect(burstAttempts.stock).toBeGreaterThan(0);
    expect(deployment.crashes).toEqual([]);

    const faults = Object.fromEntries(injected.map((f) => [f.rule.id, f.picked ?? f.fired]));
    console.info(`faults e2e: ${calls.total} PlentyONE calls in the burst, ${injected.reduce((n, f) => n + f.fired, 0)} failed `
      + `(${JSON.stringify(faults)}); failed job attempts (retried): orders ${burstAttempts.orders}, stock import ${burstAttempts.stock}; `
      + `dead after the burst ${deadAfterBurst.length}, after the outage ${dead.length} (e.g. "${dead[0]?.lastError}"); replayed ${dead.length}, `
      + `0 duplicates; webhooks answered late ${webhooks.failed}; ${driftBefore} drifted source items corrected; ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
});

if (!distributed) {
  describe('5 % of PlentyONE calls failing, on PostgreSQL + Redis with two worker processes', () => {
    it.skip(distributedMissing!, () => {});
  });
}
