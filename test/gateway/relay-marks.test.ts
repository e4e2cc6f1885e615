import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../src/gateway/verify/standard-webhooks.js';
import { startHarness, waitFor, type Harness } from './support/harness.js';

/**
 * The relay marks the rows it dispatched by one statement per mark period (500 ms): a statement is a
 * transaction on the event path of every webhook.
 */
const secret = `whsec_${Buffer.from('relay-marks-secret-0123456789').toString('base64')}`;

async function harness(env: Record<string, string>): Promise<Harness> {
  return startHarness({ env: { MAGENTO_WEBHOOK_SECRET: secret, PLENTYGATE_DEBOUNCE_MS: '0', ...env } });
}

/** Posts one webhook per key, one after the other; the milliseconds it took. */
async function postEach(h: Harness, prefix: string, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({ type: 'order.saved', data: { keys: [`${prefix}-${i}`] } });
    const res = await h.post('/webhooks/magento', body, signStandardWebhook(body, secret, { id: `msg_${prefix}_${i}` }));
    expect(res.status).toBe(200);
  }
  return performance.now() - started;
}

/** The mark statements the rows took: rows marked by one statement share its transaction's `now()`. */
async function markStatements(h: Harness, prefix: string, count: number): Promise<number> {
  const rows = await waitFor(async () => {
    const found = await h.db.query<{ status: string; dispatched_at: string | null }>(
      `select status, dispatched_at::text from webhook_inbox where headers->>'webhook-id' like $1`, [`msg_${prefix}_%`]);
    return found.length === count && found.every((r) => r.status === 'dispatched') ? found : undefined;
  }, `the ${count} rows dispatched`, 60_000);
  return new Set(rows.map((r) => r.dispatched_at)).size;
}

describe('relay dispatch marks', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({});
  }, 180_000);
  afterAll(async () => h?.close());

  it('marks the rows dispatched within one mark period by one statement', async () => {
    const ms = await postEach(h, 'mark', 20);
    // However slow the machine, at most one statement per half second (the period) begun while posting, and one more.
    expect(await markStatements(h, 'mark', 20)).toBeLessThanOrEqual(Math.ceil(ms / 500) + 1);
  });
});
