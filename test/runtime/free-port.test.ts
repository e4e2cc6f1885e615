import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/free-port.js';

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('freePort', () => {
  const held: Server[] = [];
  afterAll(async () => {
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  });

  it('hands out ports below the ephemeral range that can be listened on, none twice while held', async () => {
    const ports = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const port = await freePort();
      // Below every common ephemeral range, so a sandbox listening on port 0 cannot take it first.
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_768);
      ports.add(port);
      held.push(await listen(port));
    }
    // Each port was listened on while the later ones were picked, so none was handed out twice.
    expect(ports.size).toBe(20);
    // And servers on port 0 (the sandboxes) are given ports of their own range (the range checks above
    // are what tells this apart from picking a port by listening on 0).
    for (let i = 0; i < 20; i++) {
      const ephemeral = await listen(0);
      held.push(ephemeral);
      expect(ports.has((ephemeral.address() as { port: number }).port)).toBe(false);
    }
  });
});
