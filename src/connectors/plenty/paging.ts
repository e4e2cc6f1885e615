/**
 * Async iteration over PlentyONE list routes. Pages are requested at the route's maximum size, and the
 * iteration stops on the answer's own signals (`isLastPage`, `lastPageNumber`, a short or empty page),
 * so a scan of N records costs exactly ceil(N / page size) calls. Routes that answer a bare array
 * (no envelope) are one page. `page` may come back as a string; the schemas accept it.
 */
import { z } from 'zod';
import { listOf } from './schemas/common.js';
import type { CallOptions, PlentyTransport } from './transport.js';
import type { QueryParams } from './route.js';

/** Largest `itemsPerPage` PlentyONE accepts (documented for `/rest/pim/variations`; larger asks are clamped). */
export const MAX_PAGE_SIZE = 250;

export interface Page<T> {
  /** 1-based page number. */
  page: number;
  entries: T[];
  /** Total records, when the route reports it. */
  totalsCount: number | undefined;
  isLastPage: boolean;
}

export interface PageOptions {
  /** Records per page; default (and maximum) 250. */
  pageSize?: number;
  /** Resume a scan at this page; default 1. */
  startPage?: number;
  signal?: AbortSignal;
}

/** A scan offering both forms: `for await (const page of scan.pages())` or `for await (const r of scan)`. */
export interface Scan<T> extends AsyncIterable<T> {
  pages(): AsyncGenerator<Page<T>, void, undefined>;
}

/**
 * Pages a long scan (a catalog's stock or variations) asks for ahead of the one its caller reads, once
 * an answer has said how many there are. Each page costs PlentyONE its own time (hundreds of
 * milliseconds on a real system) and the caller its parse; asked together, the next pages are answered
 * while one is read, so thousands of pages are not paid for one round trip after another. Only pages up
 * to the last page the answers name are asked for: a scan of unchanged data still costs exactly
 * ceil(N / page size) calls, and each call still passes the client's call budget.
 */
export const PAGES_ASKED_AHEAD = 2;

type ScanParams = { query?: QueryParams; path?: CallOptions['path']; pagesAhead?: number } & PageOptions;

export function scan<S extends z.ZodType>(
  transport: Pick<PlentyTransport, 'request'>,
  route: string,
  entry: S,
  params: ScanParams = {},
): Scan<z.output<S>> {
  const schema = listOf(entry);
  const pages = () => pagesOf<z.output<S>>(transport, route, schema, params);
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const p of pages()) yield* p.entries;
    },
  };
}

/**
 * The pages of one scan. A function of the module, not one made per scan: generator objects take their
 * shape from their function, and a generator function made per scan gave every scan's pages a shape of
 * their own (V8 threw away the optimised code reading them at every new scan).
 */
async function* pagesOf<T>(
  transport: Pick<PlentyTransport, 'request'>,
  route: string,
  schema: ReturnType<typeof listOf>,
  params: ScanParams,
): AsyncGenerator<Page<T>, void, undefined> {
  const size = Math.min(Math.max(1, params.pageSize ?? MAX_PAGE_SIZE), MAX_PAGE_SIZE);
  const ahead = Math.max(0, params.pagesAhead ?? 0);
  const ask = (page: number) => {
    const answer = transport.request('GET', route, { path: params.path, query: { ...params.query, page, itemsPerPage: size }, schema, signal: params.signal });
    // Awaited in its turn; a failure while an earlier page is read must not go unhandled meanwhile.
    answer.catch(() => {});
    return answer;
  };
  let next = params.startPage ?? 1;
  // Asked for, in page order: the first is the page read next.
  const asked = [ask(next++)];
  try {
    for (;;) {
      const answer = await asked.shift()!;
      if (Array.isArray(answer)) {
        yield { page: 1, entries: answer as T[], totalsCount: answer.length, isLastPage: true };
        return;
      }
      const entries = answer.entries as T[];
      const perPage = answer.itemsPerPage ?? size;
      const isLastPage =
        answer.isLastPage || entries.length === 0 || entries.length < perPage || (answer.lastPageNumber !== undefined && answer.page >= answer.lastPageNumber);
      const page = { page: answer.page, entries, totalsCount: answer.totalsCount, isLastPage };
      if (isLastPage) {
        yield page;
        return;
      }
      if (asked.length === 0) next = answer.page + 1;
      const last = answer.lastPageNumber ?? next;
      while (asked.length < ahead && next <= last) asked.push(ask(next++));
      yield page;
      if (asked.length === 0) asked.push(ask(next++));
    }
  } finally {
    // A caller that stops early leaves pages asked for: they are answered (and counted), not read.
    await Promise.allSettled(asked);
  }
}
