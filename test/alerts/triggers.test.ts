import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlerts, type Alerts } from '../../src/alerts/alerts.js';
import { loadAlertSettings } from '../../src/alerts/settings.js';
import { createConnectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { PROFILE_QUEUE } from '../../src/profiles/queue-names.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { startProfileWorker } from '../../src/profiles/worker.js';
import { createQueueBackend, type QueueBackend } from '../../src/queue/index.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { testRedisPrefix } from '../support/redis.js';
import { sandboxClient, startPlentySandbox, type ServedSandbox } from '../connectors/plenty-support.js';
import { insertProfile, memoryType, silentLog, stagelessType } from '../profiles/support/memory-type.js';

const log = pino({ level: 'silent' });
const redis = process.env.REDIS_URL;

/** The places alerts are raised from: the queue worker (dead letters) and the PlentyONE connector (budget). */
describe(`alert triggers on ${engine}${redis ? ' + Redis' : ''}`, () => {
  let db: TestDatabase;
  let queue: QueueBackend;
  let alerts: Alerts;
  let sandbox: ServedSandbox;
  const keys = testRedisPrefix();
  beforeAll(async () => {
    // Three reads per 5 s per user: another user of the same API account can use them all up.
    [db, sandbox] = await Promise.all([createTestDatabase(), startPlentySandbox({ plan: { base: 'test', shortWindowSeconds: 5, readsPerShort: 3 } })]);
    queue = await createQueueBackend({ redisUrl: redis, prefix: keys.prefix, db, pollIntervalMs: 20, onError: () => {} });
    alerts = createAlerts({ db, settings: loadAlertSettings({ PLENTYGATE_ALERT_LEVEL: 'info' }), log });
  });
  afterAll(async () => {
    await queue?.close();
    await Promise.all([db?.destroy(), sandbox?.close(), redis ? keys.cleanup() : undefined]);
  });

  async function waitForAlert(kind: string) {
    for (let i = 0; i < 500; i++) {
      const found = (await alerts.store.list()).filter((a) => a.kind === kind);
      if (found.length) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    return [];
  }

  it('a job that ends in the dead-letter list raises a dead-letter alert (and its run a run-failed one)', async () => {
    const broken = stagelessType();
    const retried = memoryType({ records: 1, fatalAtProcessCall: 1 }).type;
    const registry = new ProfileRegistry([broken, retried]);
    const brokenProfile = await insertProfile(db.db, broken.id);
    const worker = startProfileWorker({ db: db.db, queue, registry, log: silentLog, alerts, concurrency: 1 });
    try {
      const job = await queue.queue(PROFILE_QUEUE).add('run', { profileId: brokenProfile.id, trigger: 'manual', input: { mode: 'full' } }, { attempts: 3 });
      const [dead] = await waitForAlert('dead-letter');
      expect(dead).toMatchObject({ level: 'error', title: `Job ${PROFILE_QUEUE}/${job.id} (profile ${brokenProfile.id}) failed for good and is in the dead-letter list` });
      expect(dead!.detail).toContain('has no sync yet');
      expect((await alerts.store.list()).map((a) => a.kind).sort()).toEqual(['dead-letter', 'run-failed']);

      // A failure the queue retries successfully is a failed run, not a dead letter.
      const retriedProfile = await insertProfile(db.db, retried.id);
      await queue.queue(PROFILE_QUEUE).add('run', { profileId: retriedProfile.id, trigger: 'manual', input: { mode: 'full' } }, { attempts: 2, backoff: { type: 'fixed', delayMs: 10 } });
      for (let i = 0; i < 500 && (await queue.queue(PROFILE_QUEUE).counts()).completed < 1; i++) await new Promise((r) => setTimeout(r, 20));
      const kinds = (await alerts.store.list()).map((a) => `${a.kind}:${a.key}`);
      expect(kinds).toContain(`run-failed:run-failed:${retried.id}`);
      expect(kinds.filter((k) => k.startsWith('dead-letter'))).toHaveLength(1);
    } finally {
      await worker.close();
    }
  });

  it("PlentyONE's 429 (budget exhausted) raises a budget alert naming the credential", async () => {
    const box = new SecretBox(randomBytes(32));
    const credentials = createCredentialStore(db.db, box);
    await credentials.set('plenty-main', { kind: 'plenty', baseUrl: sandbox.url, username: 'sandbox', password: 'sandbox' });
    const connectors = createConnectors({
      credentials: () => credentials, box: () => box, database: db, prefix: keys.prefix, timeoutMs: 5_000,
      onBudgetExhausted: (e) => alerts.budgetExhausted(e),
    });
    try {
      const client = await connectors.plenty('plenty-main');
      const otherTool = sandboxClient(sandbox);
      for (let i = 0; i < 3; i++) await otherTool.webstores();
      // The budget is gone: PlentyONE answers 429, the client waits Retry-After and gets its answer.
      expect(await client.webstores()).toHaveLength(1);
      expect(sandbox.calls('GET', '/rest/webstores')).toBeGreaterThanOrEqual(5);
      const [budget] = await waitForAlert('plenty-budget');
      expect(budget).toMatchObject({ level: 'warning', key: 'plenty-budget:plenty-main', title: 'PlentyONE call budget of "plenty-main" exhausted' });
      expect(budget!.detail).toContain('PlentyONE answered 429 to GET /rest/webstores');
    } finally {
      await connectors.close();
    }
  });
});
