import { Hono } from 'hono';
import type { DatabaseHandle } from '../../db/client.js';
import type { QueueBackend } from '../../queue/port.js';
import type { MetricsRegistry } from './metrics-registry.js';

export interface HealthDeps {
  db: DatabaseHandle;
  queue: QueueBackend;
  registry: MetricsRegistry;
  /** False once shutdown began: load balancers stop sending before the server stops accepting. */
  accepting: () => boolean;
}

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, r) => { timer = setTimeout(() => r(new Error(`no answer within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** /healthz (the process answers), /readyz (database and queue reachable), /metrics (Prometheus). */
export function healthRoutes(deps: HealthDeps): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const check = async (p: () => Promise<unknown>) => {
      try {
        await within(2000, p());
        return 'ok';
      } catch (error) {
        return `unreachable: ${(error as Error).message}`;
      }
    };
    const [database, queue] = await Promise.all([
      check(() => deps.db.query('select 1')),
      check(() => deps.queue.ping()),
    ]);
    const shuttingDown = !deps.accepting();
    const ready = database === 'ok' && queue === 'ok' && !shuttingDown;
    return c.json({ status: ready ? 'ready' : 'not ready', database, queue, ...(shuttingDown ? { shutdown: true } : {}) }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => c.body(await deps.registry.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));
  return app;
}
