import { Hono, type Context } from 'hono';
import type { DatabaseHandle } from '../../db/client.js';
import type { QueueBackend } from '../../queue/port.js';
import { Registry } from 'prom-client';
import { within } from './bounded.js';
import { processMetrics } from './process-metrics.js';

export interface HealthDeps {
  db: DatabaseHandle;
  queue: QueueBackend;
  /** The gateway's series; /metrics adds the process's (default metrics, runs). */
  registry: Registry;
  /** False once shutdown began: load balancers stop sending before the server stops accepting. */
  accepting: () => boolean;
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
  app.get('/metrics', async (c) => metricsResponse(c, [processMetrics().registry, deps.registry]));
  return app;
}

/** The Prometheus text of several registries as one answer (every collector bounds its own waits). */
export async function metricsResponse(c: Context, registries: Registry[]): Promise<Response> {
  const merged = Registry.merge(registries);
  return c.body(await merged.metrics(), 200, { 'content-type': merged.contentType });
}
