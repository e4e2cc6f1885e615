import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from './index.js';

export interface ServedGateway {
  server: Server;
  port: number;
  url: string;
  /**
   * Graceful shutdown: stop accepting (readiness 503, new webhooks 503), close the listener, let
   * in-flight requests finish (idle keep-alive connections are closed), then stop the relay after its
   * in-flight dispatches. Resolves when all of that is done or `timeoutMs` passed.
   */
  close(timeoutMs?: number): Promise<void>;
}

/** Serves a gateway with @hono/node-server and starts its relay (unless `relay: false`). */
export async function serveGateway(
  gateway: Gateway,
  options: { port?: number; hostname?: string; relay?: boolean } = {},
): Promise<ServedGateway> {
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: gateway.app.fetch, port: options.port ?? 0, hostname: options.hostname ?? '127.0.0.1' }, () => resolve(s as Server));
  });
  if (options.relay !== false) gateway.relay.start();
  const port = (server.address() as AddressInfo).port;
  const host = options.hostname && options.hostname !== '0.0.0.0' ? options.hostname : '127.0.0.1';
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close(timeoutMs = 30_000) {
      closing ??= (async () => {
        gateway.stopAccepting();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
        await closed;
        clearTimeout(timer);
        await gateway.relay.stop();
      })();
      return closing;
    },
  };
}
