/** Serves a Hono app on a real port (0 = let the OS choose) and closes it promptly. */
import { serve as nodeServe } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface FetchApp {
  fetch: (request: Request, env: never) => Response | Promise<Response>;
}

export interface ServedApp {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:9101. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly server: ServerType;
  /** Stops listening and ends open (keep-alive or held) connections. */
  close(): Promise<void>;
}

export function serve(app: FetchApp, port = 0, host = '127.0.0.1'): Promise<ServedApp> {
  return new Promise((resolve, reject) => {
    const server = nodeServe(
      { fetch: app.fetch as (request: Request, env: unknown) => Promise<unknown>, port, hostname: host },
      (info: AddressInfo) => {
        server.off('error', reject);
        const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
        let closing: Promise<void> | undefined;
        resolve({
          url: `http://${urlHost}:${info.port}`,
          port: info.port,
          host,
          server,
          close: () =>
            (closing ??= new Promise<void>((done, fail) => {
              const http = server as Server;
              http.close((error) => (error ? fail(error) : done()));
              // Keep-alive sockets would hold close() open for seconds; end them now.
              http.closeAllConnections?.();
            })),
        });
      },
    );
    server.once('error', reject);
  });
}
