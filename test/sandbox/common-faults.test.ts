import { Hono } from 'hono';
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultController, mountSandboxCommon, parseFaultSpec, serve } from '../../src/sandbox/common/index.js';
import type { RequestLog, ServedApp } from '../../src/sandbox/common/index.js';

/** A tiny API with one read and one write, instrumented like a sandbox. */
function tinyApi() {
  const app = new Hono();
  const writes: number[] = [];
  const common = mountSandboxCommon(app, { name: 'tiny', state: () => ({ writes: writes.length }) });
  app.get('/rest/items', (c) => c.json({ entries: [] }));
  app.get('/rest/items/:id', (c) => c.json({ id: Number(c.req.param('id')) }));
  app.post('/rest/orders', (c) => {
    writes.push(Date.now());
    return c.json({ id: writes.length }, 201);
  });
  return { app, writes, ...common };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted structurally
const json = (res: Response): Promise<any> => res.json();

/** Raw node:http request, so connection-level failures surface as the error codes clients see. */
function rawRequest(url: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The error of a request the client gives up on after `ms`, or undefined when it got an answer. */
const givenUp = (url: string, ms: number, init: RequestInit = {}): Promise<Error | undefined> =>
  fetch(url, { ...init, signal: AbortSignal.timeout(ms) }).then(() => undefined, (error: Error) => error);

let api: ReturnType<typeof tinyApi>;
let server: ServedApp;
let log: RequestLog;
let faults: FaultController;

beforeAll(async () => {
  api = tinyApi();
  ({ log, faults } = api);
  server = await serve(api.app, 0, '127.0.0.1');
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  faults.clear();
  faults.reseed(1);
  log.reset();
});

describe('fault injection over HTTP', () => {
  it('adds fixed latency', async () => {
    faults.add({ kind: 'latency', path: '/rest/items', ms: 150 });
    const started = performance.now();
    const res = await fetch(`${server.url}/rest/items`);
    expect(res.status).toBe(200);
    // Lower bound only: the injected delay must have happened (timers may fire a ms early).
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(log.snapshot().byFault).toEqual({ latency: 1 });
  });

  it('adds random latency within a range, repeatably for the same seed', () => {
    const plans = (seed: number) => {
      const c = new FaultController({ seed, rules: ['GET /x:latency:10-500'] });
      return Array.from({ length: 20 }, () => c.plan('GET', '/x').delayMs);
    };
    const a = plans(5);
    for (const d of a) {
      expect(d).toBeGreaterThanOrEqual(10);
      expect(d).toBeLessThanOrEqual(500);
    }
    expect(new Set(a).size).toBeGreaterThan(5);
    expect(plans(5)).toEqual(a);
    expect(plans(6)).not.toEqual(a);
  });

  it.each([500, 502, 503] as const)('answers %i', async (status) => {
    faults.add({ kind: 'error', method: 'GET', path: '/rest/items*', status });
    const res = await fetch(`${server.url}/rest/items/3`);
    expect(res.status).toBe(status);
    expect(await json(res)).toMatchObject({ error: { code: status } });
    expect((await fetch(`${server.url}/rest/orders`, { method: 'POST' })).status).toBe(201);
  });

  it('resets the connection', async () => {
    faults.add('GET /rest/items/*:reset');
    const failure = await rawRequest(`${server.url}/rest/items/1`).then(
      () => undefined,
      (error: NodeJS.ErrnoException) => error,
    );
    expect(failure).toBeDefined();
    expect(['ECONNRESET', 'socket hang up']).toContain(failure?.code === 'ECONNRESET' ? 'ECONNRESET' : failure?.message);
    expect(log.snapshot().byStatus).toEqual({ '0': 1 });
    // The server itself is fine afterwards.
    expect((await rawRequest(`${server.url}/rest/items`)).status).toBe(200);
  });

  it('holds a request open past the client timeout', async () => {
    faults.add({ kind: 'timeout', path: '/rest/items', holdMs: 60_000 });
    expect((await givenUp(`${server.url}/rest/items`, 200))?.name).toBe('TimeoutError');
  });

  it('answers 504 when the hold ends before the client gives up', async () => {
    faults.add('GET /rest/items:timeout:50');
    expect((await fetch(`${server.url}/rest/items`)).status).toBe(504);
  });

  it('runs the handler exactly once, then answers 500 (fail-after-write)', async () => {
    faults.add({ kind: 'fail-after-write', method: 'POST', path: '/rest/orders', times: 1 });
    const before = api.writes.length;
    const res = await fetch(`${server.url}/rest/orders`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    expect(api.writes.length).toBe(before + 1);
    const retry = await fetch(`${server.url}/rest/orders`, { method: 'POST', body: '{}' });
    expect(retry.status).toBe(201);
    expect(api.writes.length).toBe(before + 2);
  });

  it('writes, then holds the request past the client timeout (timeout after the write)', async () => {
    faults.add({ kind: 'timeout', method: 'POST', path: '/rest/orders', holdMs: 60_000, afterWrite: true, times: 1 });
    const before = api.writes.length;
    expect((await givenUp(`${server.url}/rest/orders`, 300, { method: 'POST', body: '{}' }))?.name).toBe('TimeoutError');
    expect(api.writes.length).toBe(before + 1);
  });

  it('writes after the client has given up (timeout with a late write)', async () => {
    faults.add({ kind: 'timeout', method: 'POST', path: '/rest/orders', holdMs: 400, lateWrite: true, times: 1 });
    const before = api.writes.length;
    expect((await givenUp(`${server.url}/rest/orders`, 100, { method: 'POST', body: '{}' }))?.name).toBe('TimeoutError');
    expect(api.writes.length).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(api.writes.length).toBe(before + 1);
  });

  it('writes, then drops the connection (reset after the write)', async () => {
    faults.add({ kind: 'reset', method: 'POST', path: '/rest/orders', afterWrite: true, times: 1 });
    const before = api.writes.length;
    await expect(rawRequest(`${server.url}/rest/orders`, 'POST')).rejects.toThrow();
    expect(api.writes.length).toBe(before + 1);
    expect((await rawRequest(`${server.url}/rest/orders`, 'POST')).status).toBe(201);
  });

  it('fails a mix rule\'s share of calls, each with one of its faults picked by weight', async () => {
    faults.reseed(3);
    faults.add({
      id: 'mix', kind: 'mix', method: 'GET', path: '/rest/items', probability: 0.25,
      faults: [{ kind: 'error', status: 502 }, { kind: 'error', status: 503, weight: 3 }],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await fetch(`${server.url}/rest/items`)).status);
    const [state] = faults.list();
    const failed = statuses.filter((s) => s !== 200).length;
    expect(state).toMatchObject({ matched: 200, fired: failed });
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(70);
    expect(state!.picked).toEqual({ 'error 502': statuses.filter((s) => s === 502).length, 'error 503': statuses.filter((s) => s === 503).length });
    expect(state!.picked!['error 503']).toBeGreaterThan(state!.picked!['error 502']!);
  });

  it('answers a burst of 429 with Retry-After, then recovers', async () => {
    faults.add('*:burst429:3/7');
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/rest/items`);
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('7');
    }
    expect(statuses).toEqual([429, 429, 429, 200, 200]);
    expect(faults.list()[0]).toMatchObject({ fired: 3, exhausted: true });
  });

  it('draws probabilities from the seeded stream, repeatably', async () => {
    const run = async () => {
      faults.clear();
      faults.reseed(99);
      faults.add('GET /rest/items:error:503:0.5');
      const statuses = [];
      for (let i = 0; i < 40; i++) statuses.push((await fetch(`${server.url}/rest/items`)).status);
      return statuses;
    };
    const first = await run();
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    expect(await run()).toEqual(first);
  });

  it('skips the first matches and stops after `times`', async () => {
    faults.add({ kind: 'error', path: '/rest/items', skip: 2, times: 2 });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${server.url}/rest/items`)).status);
    expect(statuses).toEqual([200, 200, 500, 500, 200, 200]);
  });

  it('matches by method, glob and regular expression', async () => {
    faults.add({ kind: 'error', method: 'POST', path: '/rest/*' });
    faults.add({ kind: 'error', path: 're:^/rest/items/\\d+$', status: 502 });
    expect((await fetch(`${server.url}/rest/items`)).status).toBe(200);
    expect((await fetch(`${server.url}/rest/items/12`)).status).toBe(502);
    expect((await fetch(`${server.url}/rest/orders`, { method: 'POST' })).status).toBe(500);
  });

  it('never faults the control endpoint', async () => {
    faults.add('*:error:500');
    expect((await fetch(`${server.url}/_sandbox/state`)).status).toBe(200);
    expect((await fetch(`${server.url}/rest/items`)).status).toBe(500);
  });
});

describe('request log', () => {
  it('counts calls per method and route pattern, not control calls, and resets', async () => {
    await fetch(`${server.url}/rest/items/1`);
    await fetch(`${server.url}/rest/items/2`);
    await fetch(`${server.url}/rest/items`);
    await fetch(`${server.url}/rest/orders`, { method: 'POST' });
    await fetch(`${server.url}/rest/nothing-here`);
    await fetch(`${server.url}/_sandbox/faults`);
    const snap = await json(await fetch(`${server.url}/_sandbox/requests`));
    expect(snap.total).toBe(5);
    expect(snap.byRoute).toEqual({
      'GET /rest/items/:id': 2,
      'GET /rest/items': 1,
      'POST /rest/orders': 1,
      'GET (unmatched)': 1,
    });
    expect(snap.byMethod).toEqual({ GET: 4, POST: 1 });
    expect(snap.byStatus).toEqual({ '200': 3, '201': 1, '404': 1 });
    expect(snap.recent).toHaveLength(5);
    expect(log.get('GET', '/rest/items/:id')).toBe(2);
    const cleared = await json(await fetch(`${server.url}/_sandbox/requests`, { method: 'DELETE' }));
    expect(cleared.total).toBe(0);
    expect(log.get()).toBe(0);
  });

  it('counts refused calls under the route they were meant for', async () => {
    faults.add('GET /rest/items/*:burst429:2');
    await fetch(`${server.url}/rest/items/1`);
    await fetch(`${server.url}/rest/items/1`);
    expect(log.snapshot().byRoute).toEqual({ 'GET /rest/items/:id': 2 });
    expect(log.snapshot().byStatus).toEqual({ '429': 2 });
  });
});

describe('control endpoint', () => {
  const post = (body: unknown) =>
    fetch(`${server.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('adds, lists and removes rules', async () => {
    const added = await post({ rules: [{ id: 'slow', kind: 'latency', path: '/rest/*', ms: 1 }, { kind: 'reset', path: '/x' }] });
    expect(added.status).toBe(201);
    const list = await json(await fetch(`${server.url}/_sandbox/faults`));
    expect(list.rules.map((r: { rule: { id: string } }) => r.rule.id)).toEqual(['slow', expect.any(String)]);
    expect((await fetch(`${server.url}/_sandbox/faults/slow`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${server.url}/_sandbox/faults/slow`, { method: 'DELETE' })).status).toBe(404);
    expect(await json(await fetch(`${server.url}/_sandbox/faults`, { method: 'DELETE' }))).toEqual({ removed: 1 });
  });

  it('accepts the CLI syntax', async () => {
    const res = await post({ spec: 'POST /rest/orders:fail-after-write:0.2' });
    expect(res.status).toBe(201);
    expect((await json(res)).rules[0]).toMatchObject({
      kind: 'fail-after-write',
      method: 'POST',
      path: '/rest/orders',
      probability: 0.2,
    });
  });

  it('rejects invalid rules with 400 and says what is wrong, adding nothing', async () => {
    const cases: [unknown, string][] = [
      [{ kind: 'explode', path: '/x' }, 'kind'],
      [{ kind: 'error', path: '/x', status: 418 }, 'status'],
      [{ kind: 'error', path: 'no-slash' }, 'path'],
      [{ kind: 'latency', path: '/x' }, 'ms'],
      [{ kind: 'latency', path: '/x', ms: 100, maxMs: 50 }, 'maxMs'],
      [{ kind: 'burst429', path: '/x' }, 'count'],
      [{ kind: 'error', path: '/x', probability: 2 }, 'probability'],
      [{ kind: 'error', path: 're:(' }, 'path'],
      [{ rules: [{ kind: 'reset', path: '/ok' }, { kind: 'error', path: '/x', status: 404 }] }, '1.status'],
      [{ spec: 'GET /x:wobble' }, 'spec'],
      [{ spec: 'GET /x:mix' }, 'spec'],
      [{ kind: 'mix', path: '/x', faults: [] }, 'faults'],
      [{ kind: 'mix', path: '/x', faults: [{ kind: 'latency', ms: 5 }] }, 'faults.0.kind'],
      [{ kind: 'timeout', path: '/x', afterWrite: true, lateWrite: true }, 'lateWrite'],
      ['not json', ''],
      [{ hello: 1 }, ''],
    ];
    for (const [body, path] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const answer = await json(res);
      expect(answer.error).toBe('invalid fault rule');
      expect(answer.issues.length).toBeGreaterThan(0);
      expect(answer.issues.some((i: { path: string }) => i.path.endsWith(path)), JSON.stringify(answer)).toBe(true);
    }
    expect(faults.list()).toEqual([]);
  });

  it('serves the sandbox state', async () => {
    expect(await json(await fetch(`${server.url}/_sandbox/state`))).toEqual({ writes: api.writes.length });
  });
});

describe('fault spec syntax', () => {
  it.each([
    ['POST /rest/orders:fail-after-write:0.2', { kind: 'fail-after-write', method: 'POST', path: '/rest/orders', probability: 0.2, status: 500 }],
    ['GET,PUT /rest/items*:latency:50-200', { kind: 'latency', method: 'GET,PUT', ms: 50, maxMs: 200, probability: 1 }],
    ['/rest/V1/*:error:503:0.1', { kind: 'error', method: '*', status: 503, probability: 0.1 }],
    ['*:burst429:5/2', { kind: 'burst429', path: '*', count: 5, retryAfter: 2 }],
    ['put /rest/stock:reset', { kind: 'reset', method: 'PUT' }],
    ['GET /x:timeout', { kind: 'timeout', holdMs: 30_000, probability: 1 }],
    ['GET /x:timeout:5000', { kind: 'timeout', holdMs: 5000, probability: 1 }],
    ['GET /x:timeout:0.5', { kind: 'timeout', holdMs: 30_000, probability: 0.5 }],
    ['GET /x:fail-after-write:503:0.5', { kind: 'fail-after-write', status: 503, probability: 0.5 }],
    ['GET re:^/rest/items/\\d+$:error:502', { kind: 'error', path: 're:^/rest/items/\\d+$', status: 502 }],
  ])('parses %s', (spec, expected) => {
    expect(parseFaultSpec(spec)).toMatchObject(expected);
  });

  it.each(['GET /x', 'GET /x:latency', 'GET /x:latency:fast', 'GET /x:error:418', 'GET /x:reset:0.5:9', 'x:error'])(
    'rejects %s',
    (spec) => {
      expect(() => parseFaultSpec(spec)).toThrow(/invalid fault rule/);
    },
  );
});

describe('serve', () => {
  it('closes promptly with keep-alive connections open', async () => {
    const app = new Hono().get('/', (c) => c.text('ok'));
    const served = await serve(app);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(served.url)).text()).toBe('ok');
    await served.close();
    await expect(fetch(served.url)).rejects.toThrow();
  });

  it('rejects when the port is taken', async () => {
    await expect(serve(new Hono(), server.port)).rejects.toThrow(/EADDRINUSE/);
  });
});
