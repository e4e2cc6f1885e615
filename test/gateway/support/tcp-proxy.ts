import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of a real server (Redis) that a test can cut off: `blackhole()` keeps every
 * connection open but lets nothing through, as a network partition or a hung server does (the client
 * sees no error, only silence); `restore()` delivers what was held back and lets traffic flow again.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let blocked = false;
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const pipe = (from: Socket, to: Socket) => from.on('data', (chunk) => {
      if (blocked) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
    pipe(client, upstream);
    pipe(upstream, client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    blackhole() {
      blocked = true;
    },
    restore() {
      blocked = false;
      for (const deliver of held.splice(0)) deliver();
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
