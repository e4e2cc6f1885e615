/** logging.requests / logging.responses: a profile's API calls in its run log, secrets redacted, bodies bounded. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedBody, MAX_LOGGED_BODY, REDACTED } from '../../src/connectors/call-log.js';
import { engine } from '../support/db.js';
import { startStockHarness, type StockHarness } from './stock-import-harness.js';

/** A logger whose lines are kept, parsed, for the assertions. */
function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines, calls: () => lines.filter((l) => l.apiCall).map((l) => l.apiCall as Record<string, unknown>) };
}

describe(`API call logging per profile on ${engine}`, () => {
  let h: StockHarness;
  const base = { warehouseMapping: [{ warehouseId: 1, sourceCode: 'berlin' }] };
  beforeAll(async () => {
    h = await startStockHarness({ variations: 30, seed: 3, config: base });
  });
  afterAll(async () => h?.close());

  it('logs nothing about API calls while both settings are off', async () => {
    const capture = capturingLog();
    await h.run({ mode: 'full' }, { log: capture.log });
    expect(capture.calls()).toEqual([]);
  });

  it('logs every call of the run with its bodies, without the credentials, cut to a bounded size', async () => {
    await h.setConfig({ ...base, logging: { requests: true, responses: true } });
    // A fresh login is part of the run, so its password and token pass through the log path.
    await h.connectors.close();
    const capture = capturingLog();
    await h.setStock(1003, 1, 41);
    const result = await h.run({ mode: 'full' }, { log: capture.log });
    expect(result.status).toBe('completed');
    const calls = capture.calls();
    const routes = calls.map((c) => `${String(c.system)} ${String(c.method)} ${new URL(String(c.url)).pathname}`);
    expect(routes).toContain('plenty GET /rest/stockmanagement/warehouses/1/stock');
    expect(routes.some((r) => r.startsWith('magento POST') && r.endsWith('/V1/inventory/source-items'))).toBe(true);
    const write = calls.find((c) => String(c.url).endsWith('/V1/inventory/source-items') && c.method === 'POST')!;
    expect(String(write.requestBody)).toContain('"source_code":"berlin"');
    expect(write.status).toBe(200);
    for (const call of calls) {
      for (const body of [call.requestBody, call.responseBody]) if (body !== undefined) expect(String(body).length).toBeLessThanOrEqual(MAX_LOGGED_BODY + 40);
    }
    const everything = JSON.stringify(capture.lines);
    // The sandboxes' credentials: the PlentyONE password and the Magento bearer token.
    expect(everything).not.toMatch(/"password":"sandbox"|Bearer sandbox/);
    // Every line belongs to the run that made the call.
    expect(capture.lines.filter((l) => l.apiCall).every((l) => l.runId === result.runId)).toBe(true);
  });

  it('logs requests without response bodies when only requests are on', async () => {
    await h.setConfig({ ...base, logging: { requests: true } });
    const capture = capturingLog();
    await h.run({ mode: 'full' }, { log: capture.log });
    const calls = capture.calls();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.responseBody === undefined)).toBe(true);
  });

  it('redacts credential fields at any depth and cuts long bodies', () => {
    const login = JSON.parse(boundedBody(JSON.stringify({ username: 'shop', password: 'hunter2', nested: [{ accessToken: 'abc', refresh_token: 'def', qty: 3 }] })));
    expect(login).toEqual({ username: 'shop', password: REDACTED, nested: [{ accessToken: REDACTED, refresh_token: REDACTED, qty: 3 }] });
    const long = boundedBody({ items: Array.from({ length: 5000 }, (_, i) => ({ sku: `SKU-${i}` })) });
    expect(long.length).toBeLessThan(MAX_LOGGED_BODY + 40);
    expect(long).toMatch(/… \(\d+ characters\)$/);
  });
});
