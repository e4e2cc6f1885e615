import { createServer } from 'node:net';

/**
 * Ports handed out from below every common ephemeral range (Linux 32768–60999, macOS and Windows
 * 49152–65535). A port taken by listening on port 0 and closing again is an ephemeral one, so the next
 * server that listens on port 0 (a sandbox, a database client's socket) can be given the same port before
 * the caller binds it — and the caller then fails with EADDRINUSE. The OS never hands out a port from
 * this range for port 0, so only another `freePort` caller could collide, and the random pick makes that
 * unlikely; `listen` retries on a taken port.
 */
const FIRST = 20_000;
const LAST = 32_767;
const ATTEMPTS = 50;

/** Whether 127.0.0.1:port can be listened on right now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port on 127.0.0.1 that is free right now. For when a URL must be known before its server listens
 * (the demo wires the sandboxes' webhooks to the gateway before starting it; tests spawn servers).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST + 1));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port on 127.0.0.1 between ${FIRST} and ${LAST} after ${ATTEMPTS} tries: pass a port explicitly`);
}
