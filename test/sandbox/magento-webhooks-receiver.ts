/** A webhook receiver on a real port that records what it gets and answers as told. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** How to answer the next requests (default 200 `{"op":"success"}`). */
  answer: { status: number; body: unknown };
  /** While set, requests wait for `release()` before they are answered. */
  hold: boolean;
  /** Resolves when `count` requests have arrived. */
  waitFor(count: number): Promise<void>;
  release(): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const waiters: { count: number; resolve: () => void }[] = [];
  let held: (() => void)[] = [];
  const receiver: Receiver = {
    url: '',
    received: [],
    answer: { status: 200, body: { op: 'success' } },
    hold: false,
    waitFor(count) {
      if (receiver.received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    release() {
      const pending = held;
      held = [];
      for (const answer of pending) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        receiver.release();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      receiver.received.push({ path: req.url ?? '/', headers: req.headers, body, json });
      for (const w of waiters.filter((w) => receiver.received.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      const { status, body: answer } = receiver.answer;
      const send = () => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      };
      if (receiver.hold) held.push(send);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
