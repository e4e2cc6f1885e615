import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../gateway/support/harness.js';
import { hasPhp, moduleDir, supportDir } from './support/php.js';

/**
 * The two sides cannot drift apart: the Magento module's own Recorder, Sender and Signer (run with
 * php-cli) deliver one webhook per event they know to the real gateway, which must accept each one and
 * read it as the entity, kind and key the module meant; a wrong secret is refused.
 */
const secret = `whsec_${randomBytes(24).toString('base64')}`;
let h: Harness;

interface Delivery {
  report: { sent: number; retried: number; failed: number; stopped: boolean };
  rows: { code: string; webhookId: string; type: string; status: string; attempts: number; lastStatus: number | null }[];
  test: { ok: boolean; status: number | null; message: string };
}

/** Async, so the in-process gateway keeps answering while PHP waits for it. */
function deliver(withSecret: string, url = `${h.url}/webhooks/magento`): Promise<Delivery> {
  return new Promise((resolve, reject) => {
    const child = spawn('php', [`${supportDir}/deliver.php`, moduleDir, url, withSecret]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`deliver.php exited ${code}: ${err}${out}`))));
  });
}

async function inbox() {
  return h.db.query<{ format: string; status: string; event: { entity: string; kind: string; keys: string[] } | null; dedupe_key: string }>(
    'select format, status, event, dedupe_key from webhook_inbox order by id',
  );
}

describe.skipIf(!hasPhp)('Magento module ↔ gateway contract (php-cli)', () => {
  beforeAll(async () => {
    h = await startHarness({ relay: false, env: { MAGENTO_WEBHOOK_SECRET: secret } });
  }, 180_000);
  afterAll(async () => h?.close());

  it('delivers every event the module records; the gateway reads each as the entity, kind and key the module sent', async () => {
    const result = await deliver(secret);
    expect(result.rows.length).toBeGreaterThanOrEqual(13);
    expect(result.report).toEqual({ sent: result.rows.length, retried: 0, failed: 0, stopped: false });
    const stored = await inbox();
    for (const row of result.rows) {
      expect(row, row.code).toMatchObject({ status: 'sent', attempts: 1, lastStatus: 200 });
      const inboxRow = stored.find((r) => r.dedupe_key === `webhook-id:${row.webhookId}`);
      const [entity, kind] = row.type.split('.');
      expect(inboxRow, row.code).toMatchObject({ format: 'standard-webhooks', event: { entity, kind, keys: [`key-${row.code}`] } });
    }
    const types = new Set(stored.filter((r) => r.event).map((r) => `${r.event!.entity}.${r.event!.kind}`));
    expect(types).toEqual(new Set(['order.placed', 'order.saved', 'shipment.saved', 'product.saved', 'product.deleted',
      'category.saved', 'category.deleted', 'customer.saved', 'customer.deleted', 'stock.saved']));
  });

  it('the admin test webhook is authenticated and stored as ignored (it syncs nothing)', async () => {
    const before = await inbox();
    const result = await deliver(secret);
    expect(result.test).toMatchObject({ ok: true, status: 200 });
    const added = (await inbox()).slice(before.length);
    // One row per event plus the test webhook, which is the only one without an event.
    expect(added).toHaveLength(result.rows.length + 1);
    expect(added.filter((r) => r.event === null)).toEqual([
      expect.objectContaining({ format: 'standard-webhooks', status: 'ignored' }),
    ]);
  });

  it('refuses a delivery signed with a wrong secret: nothing is stored, the module keeps the webhooks to retry', async () => {
    const before = (await inbox()).length;
    const result = await deliver(`whsec_${randomBytes(24).toString('base64')}`);
    expect(result.report).toEqual({ sent: 0, retried: result.rows.length, failed: 0, stopped: false });
    for (const row of result.rows) expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 401 });
    expect(result.test).toMatchObject({ ok: false, status: 401 });
    expect(result.test.message).toContain('MAGENTO_WEBHOOK_SECRET');
    expect((await inbox()).length).toBe(before);
  });

  it('with plentygate unreachable, one webhook spends an attempt and the others wait, all still queued', async () => {
    // A port that was free a moment ago: nothing answers there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const result = await deliver(secret, `http://127.0.0.1:${port}/webhooks/magento`);
    expect(result.report).toEqual({ sent: 0, retried: 1, failed: 0, stopped: true });
    expect(result.rows.map((r) => [r.status, r.attempts])).toEqual(
      result.rows.map((_, i) => ['pending', i === 0 ? 1 : 0]),
    );
    expect(result.test).toMatchObject({ ok: false, status: null });
    expect(result.test.message).toContain('plentygate did not answer');
  });
});
