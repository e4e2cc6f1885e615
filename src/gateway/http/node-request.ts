import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * A webhook's headers and body read from Node's request where @hono/node-server serves the app
 * (`c.env.incoming`), through Hono elsewhere (`app.request` in tests). Every webhook reads about twenty
 * headers: through Hono each is validated, lowercased and looked up by the adapter's Headers shim, while
 * Node has parsed them into an object already. The body is Node's own buffer instead of the adapter's
 * copy of it.
 */

/**
 * Headers Node keeps only the first of when repeated, where the Fetch API joins every value: these are
 * read through Hono, so a repeated one means the same as before.
 */
const firstOnly = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after',
  'server', 'user-agent', 'set-cookie',
]);

/** Node's HTTP/1 request behind a Hono context, when @hono/node-server serves it. */
export function nodeIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  // HTTP/2 requests carry pseudo-headers in `headers`; they go through Hono.
  return incoming && typeof incoming.headers === 'object' && incoming.httpVersionMajor === 1 ? incoming : undefined;
}

/**
 * Lowercased header names: `toLowerCase` makes a new string even of a lowercase one, twenty a webhook.
 * The names come from the code and the settings, so the map stays small (and is capped regardless).
 */
const lowered = new Map<string, string>();

function lowerName(name: string): string {
  let lower = lowered.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowered.size < 256) lowered.set(name, lower);
  }
  return lower;
}

/** A request header (any case) as Hono's `c.req.header` answers it. */
export function headerOf(c: Context, headers: IncomingHttpHeaders | undefined, name: string): string | undefined {
  const lower = lowerName(name);
  if (headers && !firstOnly.has(lower)) {
    const value = headers[lower];
    return typeof value === 'string' ? value : undefined;
  }
  return c.req.header(name);
}

/**
 * The raw body. A body whose Content-Length the body limit has checked is usually parsed completely
 * by the time the handler resumes after its first await (Node parses a whole TCP read before promise
 * callbacks run): then it is taken from the stream's buffer at once, without the adapter's listeners,
 * ticks and copy. Anything else (chunked, still arriving, no Node request) is read through Hono.
 */
export async function readRawBody(c: Context, incoming: IncomingMessage | undefined): Promise<Buffer> {
  if (incoming && incoming.headers['transfer-encoding'] === undefined && incoming.headers['content-length'] !== undefined) {
    await undefined;
    if (incoming.complete && !incoming.readableDidRead && !incoming.destroyed
      && incoming.readableLength === Number(incoming.headers['content-length'])) {
      // read() also ends the stream, so the adapter finds nothing left to drain after the answer.
      return (incoming.read() as Buffer | null) ?? Buffer.alloc(0);
    }
  }
  return Buffer.from(await c.req.arrayBuffer());
}
