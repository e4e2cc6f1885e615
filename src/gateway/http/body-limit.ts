import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem, problemResponse } from './problem.js';

/**
 * Refuses a body over `maxBytes` with a 413 problem before reading more of it (at once when the
 * Content-Length says so, else as soon as the stream passes the limit). The rest of the body is never
 * read, so the connection cannot carry another request: the answer says `Connection: close`.
 */
export function limitBody(maxBytes: number, onRefused?: (c: Context) => void): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      onRefused?.(c);
      return problemResponse(c, problem(413, `The body exceeds ${maxBytes} bytes.`), { connection: 'close' });
    },
  });
}
