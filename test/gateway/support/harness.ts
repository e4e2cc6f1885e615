import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createGateway, type Gateway } from '../../../src/gateway/index.js';
import { serveGateway, type ServedGateway } from '../../../src/gateway/serve.js';
import { loadGatewaySettings } from '../../../src/gateway/settings.js';
import { PROFILE_QUEUE } from '../../../src/profiles/queue-names.js';
import { ProfileRegistry } from '../../../src/profiles/registry.js';
import { createProfileService, type ProfileService } from '../../../src/profiles/service.js';
import { createQueueBackend } from '../../../src/queue/index.js';
import type { QueueBackend } from '../../../src/queue/port.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { listenerType } from './listener-type.js';

export interface Harness {
  url: string;
  db: TestDatabase;
  queue: QueueBackend;
  gateway: Gateway;
  served: ServedGateway;
  profiles: ProfileService;
  /** The listener profile's id (active; triggered by every entity). */
  listenerId: number;
  processed: string[];
  /** Log lines the gateway wrote, parsed. */
  logs: Record<string, unknown>[];
  post(path: string, body: string | object, headers?: Record<string, string>): Promise<Response>;
  /** Every job of the profiles queue, whatever its state. */
  jobs(): Promise<{ id: string; data: unknown }[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Start the relay (default true). */
  relay?: boolean;
  /** BullMQ on this Redis, else the embedded queue in the test database. */
  redis?: { url: string; prefix: string };
  db?: TestDatabase;
  /** Level of the gateway's logger (default info). */
  logLevel?: string;
}

/** A gateway on a fresh database with an active listener profile, served on 127.0.0.1:0. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const db = options.db ?? (await createTestDatabase());
  const queue = options.redis
    ? await createQueueBackend({ redisUrl: options.redis.url, prefix: options.redis.prefix, onError: () => {} })
    : await createQueueBackend({ db, pollIntervalMs: 20 });
  const listener = listenerType();
  const registry = new ProfileRegistry([listener.type]);
  const profiles = createProfileService({ db: db.db, registry, queue });
  const existing = (await profiles.list()).find((p) => p.typeId === listener.type.id);
  const row = existing ?? (await profiles.create(listener.type.id));
  if (row.status !== 'active') {
    await profiles.updateConfig(row.id, {});
    await profiles.test(row.id);
    await profiles.enable(row.id);
  }
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = pino({ level: options.logLevel ?? 'info' }, new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      cb();
    },
  }));
  const settings = loadGatewaySettings({ PLENTYGATE_WEBHOOK_RATE_LIMIT: '0', ...options.env });
  const gateway = createGateway({ db, queue, settings, logger, services: { profiles } });
  const served = await serveGateway(gateway, { relay: options.relay !== false });
  return {
    url: served.url, db, queue, gateway, served, profiles, listenerId: row.id, processed: listener.processed, logs,
    post: (path, body, headers = {}) => fetch(`${served.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    async jobs() {
      const q = queue.queue(PROFILE_QUEUE);
      const all = [];
      for (const state of ['waiting', 'delayed', 'active', 'completed', 'dead'] as const) all.push(...(await q.list(state, { limit: 1000 })));
      return all.map((j) => ({ id: j.id, data: j.data }));
    },
    async close() {
      await served.close(2000);
      await queue.close();
      if (!options.db) await db.destroy();
    },
  };
}

/** Polls until `check` returns a truthy value. */
export async function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A response's JSON body, untyped (tests assert on its shape). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const read = (res: Response): Promise<any> => res.json();
