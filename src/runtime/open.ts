import { join } from 'node:path';
import type { Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import type { Logger } from '../logger.js';
import { builtinRegistry, type ProfileRegistry } from '../profiles/registry.js';
import { seedProfiles } from '../profiles/seed.js';
import { createProfileService, type ProfileService } from '../profiles/service.js';
import { seededTypeIds } from '../profiles/types/index.js';
import type { QueueBackend } from '../queue/port.js';
import { lockEmbeddedDatabase } from './embedded-lock.js';
import { SecretBox } from '../crypto/secret-box.js';
import { resolveSecretKey } from '../crypto/secret-key.js';
import { createCredentialStore, type CredentialStore } from '../credentials/store.js';
import { createConnectors } from '../connectors/services.js';
import type { ProfileServices } from '../profiles/profile-type.js';
import { createAlerts, type Alerts } from '../alerts/alerts.js';
import { loadAlertSettings } from '../alerts/settings.js';
import { environmentWithDotenv } from '../config.js';
import { endpointOf, naming } from './unreachable.js';

export interface Runtime {
  config: Config;
  log: Logger;
  db: DatabaseHandle;
  registry: ProfileRegistry;
  service: ProfileService;
  queue: QueueBackend | undefined;
  /** Stored connection credentials; resolving the secret key only when first used. */
  credentials(): CredentialStore;
  /** What profile runs get: the connectors to Magento and PlentyONE, built from credentials on first use. */
  services: ProfileServices;
  /** Where failures are reported (recorded in the database, delivered by serve/worker's dispatcher). */
  alerts: Alerts;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Which command opens it (shown when the embedded database is busy). */
  command: string;
  /** Apply pending migrations (and the first-run seed) before anything else. */
  migrate?: boolean;
  /** Open the queue backend (Redis when REDIS_URL is set, else the embedded queue). */
  queue?: boolean;
  /** Called after schedules change (serve/worker reload their scheduler). */
  onSchedulesChanged?: () => Promise<void> | void;
  /**
   * Redis unreachable at start: false (default) stops with one line naming REDIS_URL; true starts anyway,
   * logs the outage once and keeps reconnecting (serve and worker).
   */
  waitForRedis?: boolean;
  /** Called each time Redis becomes reachable again (serve/worker apply their schedules at once). */
  onQueueReachable?: () => void;
}

/** Opens what every command needs: database (migrated), registry, profile service and, if asked, the queue. */
export async function openRuntime(config: Config, log: Logger, options: OpenOptions): Promise<Runtime> {
  const unlock = config.DATABASE_URL ? () => {} : lockEmbeddedDatabase(config.dataDir, options.command);
  let db: DatabaseHandle | undefined;
  let queue: QueueBackend | undefined;
  try {
    const url = config.DATABASE_URL;
    db = url
      ? await naming('DATABASE_URL', url, async () => {
        const handle = await openDatabase({ url });
        // postgres.js connects on first use: ask now, so an unreachable server is named at start-up.
        await handle.query('select 1').catch(async (error: unknown) => {
          await handle.close().catch(() => {});
          throw error;
        });
        return handle;
      })
      : await openDatabase({ dataDir: join(config.dataDir, 'pglite') });
    const registry = await builtinRegistry();
    if (options.migrate !== false) {
      await migrate(db, config.DATABASE_URL);
      const seeded = await seedProfiles(db.db, registry, seededTypeIds);
      if (seeded) log.info({ seeded }, 'created the pre-installed profiles');
    }
    if (options.queue) {
      const { createQueueBackend } = await import('../queue/index.js');
      const open = () => createQueueBackend({
        redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, db, leaseMs: config.PLENTYGATE_JOB_LEASE_MS,
        whenUnreachable: options.waitForRedis ? 'wait' : 'fail',
        onReachability: (reachable, reason) => reportRedis(log, config.REDIS_URL, reachable, reason, options.onQueueReachable),
      });
      queue = config.REDIS_URL ? await naming('REDIS_URL', config.REDIS_URL, open) : await open();
    }
    const service = createProfileService({
      db: db.db, registry, ...(queue ? { queue } : {}),
      ...(options.onSchedulesChanged ? { onSchedulesChanged: options.onSchedulesChanged } : {}),
      // Called once the connectors below exist (dry runs and test executions read both systems).
      dryRun: () => ({ services: { connectors }, log }),
    });
    const handle = db;
    const alerts = createAlerts({ db: handle, settings: loadAlertSettings(environmentWithDotenv()), log });
    let box: SecretBox | undefined;
    const secretBox = () => (box ??= new SecretBox(resolveSecretKey(config)));
    let credentials: CredentialStore | undefined;
    const credentialStore = () => (credentials ??= createCredentialStore(handle.db, secretBox()));
    const connectors = createConnectors({
      credentials: credentialStore, box: secretBox, database: handle, redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX,
      timeoutMs: config.PLENTYGATE_API_TIMEOUT_MS,
      onBudgetExhausted: (event) => alerts.budgetExhausted(event),
    });
    return {
      config, log, db: handle, registry, service, queue,
      credentials: credentialStore,
      services: { connectors },
      alerts,
      async close() {
        await connectors.close();
        await queue?.close();
        await handle.close();
        unlock();
        log.flush?.();
      },
    };
  } catch (error) {
    await queue?.close().catch(() => {});
    await db?.close().catch(() => {});
    unlock();
    throw error;
  }
}

/** One log line per change of Redis' reachability, naming where it is (never the URL's password). */
function reportRedis(log: Logger, url: string | undefined, reachable: boolean, reason: string | undefined, onReachable?: () => void): void {
  const redis = url ? endpointOf(url, 'REDIS_URL') : 'Redis';
  if (reachable) {
    log.info({ redis }, `Redis at ${redis} is reachable`);
    onReachable?.();
    return;
  }
  log.warn({ redis, reason }, `Redis at ${redis} is unreachable (${reason ?? 'no answer'}); reconnecting. Webhooks are kept in the inbox and dispatched once it is back`);
}
