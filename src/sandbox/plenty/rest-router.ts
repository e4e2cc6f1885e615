/**
 * Registers PlentyONE routes under their OpenAPI paths (`/rest/items/{itemId}`) and wraps every
 * handler with what the real system does around it: bearer authentication (401), throttling with the
 * `X-Plenty-*` headers on every answer (429 + `Retry-After` when refused) and error bodies.
 * The list of registered (method, path) pairs feeds the OpenAPI fidelity test.
 */
import type { Context, Hono } from 'hono';
import { PlentyHttpError, badRequest, sendError, unauthenticated } from './errors.js';
import type { Session, SessionStore } from './sessions.js';
import type { Throttle } from './throttle.js';

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface RestCtx {
  c: Context;
  session: Session | undefined;
  /** Integer path parameter (400 when not a number). */
  id(name: string): number;
  param(name: string): string | undefined;
  query(name: string): string | undefined;
  /** `name=a,b`, `name[]=a&name[]=b` and repeated `name=` all give [a, b]. */
  list(name: string): string[];
  /** Parsed JSON body (400 when malformed); `{}` when empty. */
  body<T = Record<string, unknown>>(): Promise<T>;
}

export type RestHandler = (ctx: RestCtx) => unknown | Promise<unknown>;

export interface RouteOptions {
  /** Login/refresh: no bearer token needed. */
  public?: boolean;
}

export interface RegisteredRoute {
  method: Method;
  path: string;
}

/** The user whose budget public calls are shown against (the sandbox has one back-end user). */
const ANONYMOUS = '-';

export class RestRouter {
  readonly routes: RegisteredRoute[] = [];

  constructor(
    private readonly app: Hono,
    private readonly sessions: SessionStore,
    private readonly throttle: Throttle,
    private readonly defaultUser: string,
  ) {}

  get(path: string, h: RestHandler, o: RouteOptions = {}): this {
    return this.add('get', path, h, o);
  }
  post(path: string, h: RestHandler, o: RouteOptions = {}): this {
    return this.add('post', path, h, o);
  }
  put(path: string, h: RestHandler, o: RouteOptions = {}): this {
    return this.add('put', path, h, o);
  }
  delete(path: string, h: RestHandler, o: RouteOptions = {}): this {
    return this.add('delete', path, h, o);
  }

  /**
   * A plain route outside `/rest` (no bearer token, no throttle, not in the OpenAPI route list): what
   * PlentyONE serves from elsewhere, such as the storage URLs of item images.
   */
  raw(path: string, handler: (c: Context) => Response | Promise<Response>): this {
    this.app.get(path, handler);
    return this;
  }

  private readonly pending: Array<{ method: Method; path: string; handler: RestHandler; options: RouteOptions; order: number }> = [];

  private add(method: Method, path: string, handler: RestHandler, options: RouteOptions): this {
    this.routes.push({ method, path });
    this.pending.push({ method, path, handler, options, order: this.pending.length });
    return this;
  }

  /**
   * Register the collected routes on the app. Where a parameter sits at the place of another route's
   * static segment (`/rest/items/{itemId}` vs `/rest/items/variations`), the id parameter only
   * matches digits, so exactly one route matches each request (the request log names it); every
   * other pattern stays plain (`/rest/items/:id/images`).
   */
  mount(): void {
    const split = (p: string) => p.split('/');
    const isParam = (seg: string) => seg.startsWith('{');
    for (const r of this.pending) {
      const mine = split(r.path);
      const numeric = new Set<number>();
      for (const other of this.pending) {
        if (other === r || other.method !== r.method) continue;
        const theirs = split(other.path);
        if (theirs.length !== mine.length) continue;
        const overlaps = mine.every((seg, i) => seg === theirs[i] || isParam(seg) || isParam(theirs[i] as string));
        if (!overlaps) continue;
        mine.forEach((seg, i) => {
          if (isParam(seg) && !isParam(theirs[i] as string)) numeric.add(i);
        });
      }
      const honoPath = mine
        .map((seg, i) => {
          const m = /^\{(\w+)(\?)?\}$/.exec(seg);
          if (!m) return seg;
          const digits = numeric.has(i) && /id$/i.test(m[1] as string) ? '{[0-9]+}' : '';
          return `:${m[1]}${digits}${m[2] ? '?' : ''}`;
        })
        .join('/');
      this.register(r.method, r.path, honoPath, r.handler, r.options);
    }
    this.pending.length = 0;
  }

  private register(method: Method, path: string, honoPath: string, handler: RestHandler, options: RouteOptions): void {
    const upper = method.toUpperCase();
    this.app.on(upper, honoPath, async (c) => {
      const token = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      const session = token ? this.sessions.authenticate(token) : undefined;
      const user = session?.user ?? (options.public ? this.defaultUser : ANONYMOUS);
      if (!options.public && !session) {
        return withHeaders(sendError(c, unauthenticated()), this.throttle.peek(this.defaultUser, upper, path));
      }
      let headers: Record<string, string>;
      if (options.public) {
        headers = this.throttle.peek(user, upper, path);
      } else {
        const decision = this.throttle.take(user, upper, path);
        headers = decision.headers;
        if (!decision.allowed) {
          return withHeaders(c.json({ error: { code: 429, message: 'Too Many Attempts.' } }, 429), headers);
        }
      }
      try {
        const out = await handler(restCtx(c, session));
        const res = out instanceof Response ? out : c.json(out as object, 200);
        return withHeaders(res, headers);
      } catch (err) {
        if (err instanceof PlentyHttpError) return withHeaders(sendError(c, err), headers);
        throw err;
      }
    });
  }
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

function restCtx(c: Context, session: Session | undefined): RestCtx {
  let parsed: Promise<unknown> | undefined;
  return {
    c,
    session,
    id(name) {
      const raw = c.req.param(name);
      const n = Number(raw);
      if (raw === undefined || !Number.isInteger(n)) throw badRequest(`The ${name} must be an integer.`);
      return n;
    },
    param: (name) => c.req.param(name),
    query: (name) => c.req.query(name),
    list(name) {
      const values = [...(c.req.queries(name) ?? []), ...(c.req.queries(`${name}[]`) ?? [])];
      return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    },
    body<T>() {
      parsed ??= (async () => {
        const text = await c.req.text();
        if (text.trim() === '') return {};
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw badRequest('The request body is not valid JSON.');
        }
      })();
      return parsed as Promise<T>;
    },
  };
}
