import { serve } from '@hono/node-server';
import { ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from './index.js';

export interface ServedGateway {
  server: Server;
  port: number;
  url: string;
  /**
   * Graceful shutdown: stop accepting (readiness 503, new webhooks 503), close the listener, let
   * in-flight requests finish (idle keep-alive connections are closed, the others after their answer),
   * then stop the relay after its in-flight dispatches. Resolves when all of that is done or `timeoutMs` passed.
   */
  close(timeoutMs?: number): Promise<void>;
}

/** Time a client has to send its request headers before the connection is closed (408). */
export const HEADERS_TIMEOUT_MS = 10_000;
/** Time a client has to send its whole request, headers and body, before the connection is closed (408). */
export const REQUEST_TIMEOUT_MS = 20_000;
/**
 * How long an idle keep-alive connection stays open. Above the 60 s idle timeout that proxies and load
 * balancers keep to their upstreams by default (nginx, AWS ALB): the side that closes first must be the
 * sender. With Node's 5 s default the gateway closed connections a sender or proxy was about to reuse,
 * and a webhook written into that close was reset unread (ECONNRESET, or a 502 from a proxy).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** During shutdown, how often connections that went idle after an answer begun before it are closed. */
const IDLE_SWEEP_MS = 50;

export interface ServeOptions {
  port?: number;
  hostname?: string;
  relay?: boolean;
  /** Default HEADERS_TIMEOUT_MS. */
  headersTimeoutMs?: number;
  /** Default REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
  /** Default KEEP_ALIVE_TIMEOUT_MS. */
  keepAliveTimeoutMs?: number;
}

/** Serves a gateway with @hono/node-server and starts its relay (unless `relay: false`). */
export async function serveGateway(gateway: Gateway, options: ServeOptions = {}): Promise<ServedGateway> {
  const headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS, headersTimeout);
  // A slow client (one byte now and then) must not hold a connection: Node checks these timeouts every
  // `connectionsCheckingInterval`, 30 s by default, so the check runs more often than the timeouts.
  const serverOptions = {
    headersTimeout, requestTimeout, connectionsCheckingInterval: Math.max(250, Math.min(1000, headersTimeout / 4)),
  };
  // Node's close() closes the connections idle at that moment only: one that answers a request in flight
  // would then be kept alive for the idle timeout and hold the shutdown up. So every answer whose head is
  // written once shutdown has begun says `Connection: close` (Node then closes the connection after it,
  // and the sender knows not to reuse it), decided as the head is written rather than by a list of the
  // answers in flight: a Set of them, one entry and one listener per request, kept the requests' objects
  // reachable past their answer often enough that young collections moved more than twice as much to the
  // old generation (bench/ingest). A connection whose answer had begun before is closed once it is idle
  // (see close).
  let shuttingDown = false;
  class ClosingResponse extends ServerResponse {
    // Every head passes here: @hono/node-server calls writeHead, and Node's implicit head does too.
    override writeHead(...args: unknown[]): this {
      if (shuttingDown && !this.headersSent) this.setHeader('connection', 'close');
      return (super.writeHead as (...a: unknown[]) => this)(...args);
    }
  }
  const server = await new Promise<Server>((resolve) => {
    const s = serve({
      fetch: gateway.fetch, port: options.port ?? 0, hostname: options.hostname ?? '127.0.0.1',
      serverOptions: { ...serverOptions, ServerResponse: ClosingResponse as typeof ServerResponse },
    }, () => resolve(s as Server));
  });
  // Idle connections are not subject to the headers timeout (Node starts it with a request's first byte).
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? KEEP_ALIVE_TIMEOUT_MS;
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
        shuttingDown = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Answers begun before the shutdown said keep-alive: their connections are closed as they go idle.
        const idle = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
        const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
        await closed;
        clearInterval(idle);
        clearTimeout(timer);
        gateway.flushLog();
        await gateway.relay.stop();
      })();
      return closing;
    },
  };
}
