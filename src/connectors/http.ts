/**
 * One HTTP exchange of the API clients, through undici's `request` on a keep-alive Agent of their own
 * rather than the global `fetch`: the same HTTP stack without a WHATWG Request, Response, Headers, web
 * stream and `AbortSignal.any` per call, which cost several times the exchange itself in CPU and young-
 * generation garbage on a catalogue's worth of pages. What `fetch` did stays as it was:
 *  - one deadline covers connecting, waiting and reading the whole body (a server that sends headers
 *    and then stalls is cut off too);
 *  - redirects are followed (at most 20, as `fetch`), and a redirect to another origin drops the
 *    `authorization` header (undici's redirect interceptor, as `fetch`);
 *  - connections are kept alive and reused per origin;
 *  - answers may come compressed (`accept-encoding: gzip, deflate, br`, as `fetch` asks) and are
 *    decompressed, error answers too.
 * A caller's abort is passed on as the caller's reason; anything else that keeps an answer from
 * arriving is an `HttpFailure` saying whether the deadline ran out, which each client words in its
 * own error.
 */
import { createRequire } from 'node:module';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { Dispatcher } from 'undici';

// Only the parts used, not the package's index: that loads all of undici (its fetch, WebSocket, caches,
// mocks) and holds about 7 MB more heap and 6 MB more RSS in every process. test/connectors/http.test.ts
// fails should a version move these files.
const load = createRequire(import.meta.url);
const Agent = load('undici/lib/dispatcher/agent.js') as typeof import('undici').Agent;
const redirect = load('undici/lib/interceptor/redirect.js') as typeof import('undici').interceptors.redirect;

export interface HttpExchange {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers: Record<string, string>;
  body?: string | undefined;
  /** Connecting, waiting and reading the body, all together. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface HttpAnswer {
  status: number;
  /** An answer header by its lowercase name (the first, when it came several times). */
  header(name: string): string | undefined;
  text: string;
}

/** No answer: the deadline ran out (`timedOut`) or the connection failed (`cause`: the socket's error). */
export class HttpFailure extends Error {
  constructor(readonly timedOut: boolean, override readonly cause: unknown) {
    super(timedOut ? 'no answer in time' : `connection failed (${codeOf(cause)})`);
    this.name = 'HttpFailure';
  }
}

/** The socket's code (ECONNREFUSED, UND_ERR_SOCKET…) or message, for "connection failed (…)". */
export function codeOf(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  for (const candidate of [e?.cause?.code, e?.code, e?.cause?.message, e?.message]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return String(err);
}

const MAX_REDIRECTS = 20;
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** A body as `fetch` would have decoded it: each content coding undone, last applied first; unknown ones left as they are. */
function decoded(body: Buffer, encoding: string): string {
  let bytes = body;
  for (const coding of encoding.toLowerCase().split(',').map((c) => c.trim()).reverse()) {
    if (coding === 'gzip' || coding === 'x-gzip') bytes = gunzipSync(bytes);
    // zlib-wrapped as the standard says, or raw deflate as some servers send it
    else if (coding === 'deflate') bytes = (bytes[0]! & 0x0f) === 0x08 ? inflateSync(bytes) : inflateRawSync(bytes);
    else if (coding === 'br') bytes = brotliDecompressSync(bytes);
    else if (coding !== 'identity' && coding !== '') break;
  }
  return bytes.toString('utf8');
}

let shared: Dispatcher | undefined;
/** The clients' one dispatcher: keep-alive connections per origin, redirects followed. */
function dispatcher(): Dispatcher {
  return (shared ??= new Agent().compose(redirect({ maxRedirections: MAX_REDIRECTS })));
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * The exchanges in flight per caller signal, and one abort listener per signal that ends them all. A
 * run's signal (or a worker's) sees every call it makes; what each call adds and removes there must
 * leave nothing behind. Measured on a stock reconciliation of 100,000 variations (850 calls on one
 * signal): a listener added and removed per call cost 26 full garbage collections, a Set of the
 * exchanges in flight 18-20, this array (a handful of entries, removed by swapping with the last) 10,
 * as many as calls without a signal.
 */
const inFlight = new WeakMap<AbortSignal, Exchange[]>();

function watch(signal: AbortSignal, exchange: Exchange): void {
  let exchanges = inFlight.get(signal);
  if (!exchanges) {
    const all: Exchange[] = (exchanges = []);
    inFlight.set(signal, all);
    signal.addEventListener('abort', () => {
      for (const e of all.splice(0)) e.aborted(signal.reason);
    }, { once: true });
  }
  exchanges.push(exchange);
}

function unwatch(signal: AbortSignal, exchange: Exchange): void {
  const all = inFlight.get(signal) ?? [];
  const i = all.indexOf(exchange);
  if (i < 0) return;
  all[i] = all[all.length - 1]!;
  all.pop();
}

/**
 * One exchange as undici's dispatch handler: the answer's headers as undici parsed them and its body
 * gathered as the buffers that came, decoded once at the end. `request()` would put a stream and a
 * second copy of the headers between the socket and the text (its handler takes the headers as raw
 * buffers again after the redirect handler parsed them), several objects per call and young garbage.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  /** Why the exchange was given up before undici handed over its controller (aborted once it does). */
  private stopped: Error | undefined;
  private done = false;
  private status = 0;
  private headers: Headers = {};
  private chunks: Buffer[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly call: HttpExchange,
    private readonly resolve: (answer: HttpAnswer) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.timer = setTimeout(() => this.stop(new HttpFailure(true, new Error(`timed out after ${call.timeoutMs} ms`))), call.timeoutMs);
    if (call.signal) watch(call.signal, this);
  }

  /** The caller's abort: passed on as the caller's reason. */
  aborted(reason: unknown): void {
    this.stop(reason);
  }

  /** Ends the exchange now with `error` (a deadline, the caller's abort): the connection's request is aborted too. */
  private stop(error: unknown): void {
    if (this.done) return;
    // Settled first: undici answers the abort with onResponseError at once, which must not win.
    this.finish(error);
    const reason = error instanceof Error ? error : new Error(String(error));
    if (this.controller) this.controller.abort(reason);
    else this.stopped = reason;
  }

  private finish(outcome: unknown, answer?: HttpAnswer): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    if (this.call.signal) unwatch(this.call.signal, this);
    if (answer) this.resolve(answer);
    else this.reject(outcome);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.stopped) controller.abort(this.stopped);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Headers): void {
    this.status = statusCode;
    this.headers = headers;
    this.chunks = [];
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.done) return;
    const { chunks, headers } = this;
    let text: string;
    try {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const encoding = headers['content-encoding'];
      text = encoding === undefined ? body.toString('utf8') : decoded(body, String(encoding));
    } catch (err) {
      this.finish(new HttpFailure(false, err));
      return;
    }
    this.finish(undefined, {
      status: this.status,
      header: (name) => {
        const value = headers[name];
        return Array.isArray(value) ? value[0] : value;
      },
      text,
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.finish(new HttpFailure(false, error));
  }
}

export function exchange(call: HttpExchange): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    call.signal?.throwIfAborted();
    const handler = new Exchange(call, resolve, reject);
    try {
      const url = new URL(call.url);
      dispatcher().dispatch({
        origin: url.origin, path: `${url.pathname}${url.search}`, method: call.method,
        headers: { 'accept-encoding': ACCEPT_ENCODING, ...call.headers }, body: call.body,
      }, handler);
    } catch (err) {
      handler.onResponseError(undefined as never, err as Error);
    }
  });
}
