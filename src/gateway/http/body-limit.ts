import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { nodeIncoming } from './node-request.js';
import { problem, problemResponse } from './problem.js';

/**
 * Refuses a body over `maxBytes` with a 413 problem before reading more of it (at once when the
 * Content-Length says so, else as soon as the stream passes the limit). The rest of the body is never
 * read, so the connection cannot carry another request: the answer says `Connection: close`.
 */
export function limitBody(maxBytes: number, onRefused?: (c: Context) => void): MiddlewareHandler {
  const refuse = (c: Context) => {
    onRefused?.(c);
    return problemResponse(c, problem(413, `The body exceeds ${maxBytes} bytes.`), { connection: 'close' });
  };
  const streamed = bodyLimit({ maxSize: maxBytes, onError: refuse });
  return (c, next) => {
    // With a Content-Length and no Transfer-Encoding, Node's HTTP parser ends the body after that many
    // bytes, so the header alone decides (as in Hono's bodyLimit). Reading only the header keeps the Node
    // adapter's request lightweight: Hono's middleware asks for `c.req.raw.body`, which builds a Web
    // Request, a ReadableStream and an AbortSignal per request, a large part of a webhook's CPU.
    // Served by Node, its parsed headers say the same (its parser refuses a repeated Content-Length) for less.
    const headers = nodeIncoming(c)?.headers;
    const length = headers ? headers['content-length'] : c.req.header('content-length');
    const chunked = headers ? headers['transfer-encoding'] !== undefined : c.req.header('transfer-encoding') !== undefined;
    if (length !== undefined && !chunked) {
      return parseInt(length, 10) > maxBytes ? Promise.resolve(refuse(c)) : next();
    }
    // Chunked (or no length): counted while streaming.
    return streamed(c, next);
  };
}
