import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 that is free right now. For when a URL must be known before its server listens
 * (the demo wires the sandboxes' webhooks to the gateway before starting it; tests spawn servers).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
