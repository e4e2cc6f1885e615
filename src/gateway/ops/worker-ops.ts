import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { ConfigError } from '../../config.js';
import type { DatabaseHandle } from '../../db/client.js';
import type { QueueBackend } from '../../queue/port.js';
import { healthRoutes } from './health.js';
import { registerQueueMetrics } from './queue-metrics.js';

const portSetting = z.object({
  PLENTYGATE_WORKER_METRICS_PORT: z.string().trim().optional()
    .transform((v) => (v === undefined || v === '' ? undefined : Number(v)))
    .refine((v) => v === undefined || (Number.isInteger(v) && v >= 1 && v <= 65535), 'expected a port number from 1 to 65535'),
});

/** `PLENTYGATE_WORKER_METRICS_PORT`: where a `worker` serves /healthz, /readyz and /metrics; unset: no HTTP at all. */
export function workerMetricsPort(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const parsed = portSetting.safeParse({ PLENTYGATE_WORKER_METRICS_PORT: env.PLENTYGATE_WORKER_METRICS_PORT });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `PLENTYGATE_WORKER_METRICS_PORT: ${i.message}`));
  return parsed.data.PLENTYGATE_WORKER_METRICS_PORT;
}

export interface WorkerOps {
  url: string;
  close(): Promise<void>;
}

/**
 * The operations endpoints of a `worker` process (which has no gateway): its process metrics (runs it
 * finished, Node's default metrics), the jobs by state and whether the queue answers, and health.
 */
export async function serveWorkerOps(options: {
  db: DatabaseHandle; queue: QueueBackend; queueNames: string[]; port: number; hostname: string;
}): Promise<WorkerOps> {
  const registry = new Registry();
  registerQueueMetrics(registry, options.queue, () => options.queueNames);
  let accepting = true;
  const app = healthRoutes({ db: options.db, queue: options.queue, registry, accepting: () => accepting });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.hostname === '0.0.0.0' ? '127.0.0.1' : options.hostname}:${port}`,
    async close() {
      accepting = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
