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

export function scan<S extends z.ZodType>(
  transport: Pick<PlentyTransport, 'request'>,
  route: string,
  entry: S,
  params: { query?: QueryParams; path?: CallOptions['path'] } & PageOptions = {},
): Scan<z.output<S>> {
  const schema = listOf(entry);
  async function* pages(): AsyncGenerator<Page<z.output<S>>, void, undefined> {
    const size = Math.min(Math.max(1, params.pageSize ?? MAX_PAGE_SIZE), MAX_PAGE_SIZE);
    for (let page = params.startPage ?? 1; ; page++) {
      const answer = await transport.request('GET', route, {
        path: params.path,
        query: { ...params.query, page, itemsPerPage: size },
        schema,
        signal: params.signal,
      });
      if (Array.isArray(answer)) {
        yield { page: 1, entries: answer as z.output<S>[], totalsCount: answer.length, isLastPage: true };
        return;
      }
      const entries = answer.entries as z.output<S>[];
      const perPage = answer.itemsPerPage ?? size;
      const isLastPage =
        answer.isLastPage || entries.length === 0 || entries.length < perPage || (answer.lastPageNumber !== undefined && answer.page >= answer.lastPageNumber);
      yield { page: answer.page, entries, totalsCount: answer.totalsCount, isLastPage };
      if (isLastPage) return;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const p of pages()) yield* p.entries;
    },
  };
}
