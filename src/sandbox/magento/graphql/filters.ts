/**
 * Magento's storefront filter inputs (`FilterEqualTypeInput`, `FilterMatchTypeInput`,
 * `FilterRangeTypeInput`) and the paging rules shared by `products` and `categories`.
 */
import { inputError } from './errors.js';

export interface EqualFilter {
  eq?: string | null;
  in?: (string | null)[] | null;
}

export interface MatchFilter {
  match?: string | null;
  match_type?: 'FULL' | 'PARTIAL' | null;
}

export interface RangeFilter {
  from?: string | null;
  to?: string | null;
}

/** Values an equality filter accepts; `undefined` when the filter is absent or empty. */
export function equalValues(filter: EqualFilter | null | undefined): Set<string> | undefined {
  if (!filter) return undefined;
  const values = new Set<string>();
  if (filter.eq !== undefined && filter.eq !== null) values.add(filter.eq);
  for (const v of filter.in ?? []) if (v !== null) values.add(v);
  return filter.eq === undefined && filter.in === undefined ? undefined : values;
}

function terms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * How many terms of a match filter hit the text: the search engine ORs the terms, a `PARTIAL`
 * match also accepts a term inside a word, `FULL` (the default) only whole words. 0 = no match.
 */
export function matchScore(filter: MatchFilter, text: string): number {
  const wanted = terms(filter.match ?? '');
  if (wanted.length === 0) return 0;
  const haystack = text.toLowerCase();
  const words = new Set(terms(haystack.replace(/[^\p{L}\p{N}]+/gu, ' ')));
  const partial = filter.match_type === 'PARTIAL';
  return wanted.filter((t) => (partial ? haystack.includes(t) : words.has(t.replace(/[^\p{L}\p{N}]+/gu, '')))).length;
}

export function inRange(filter: RangeFilter, value: number): boolean {
  const from = filter.from === undefined || filter.from === null || filter.from === '' ? undefined : Number(filter.from);
  const to = filter.to === undefined || filter.to === null || filter.to === '' ? undefined : Number(filter.to);
  return (from === undefined || value >= from) && (to === undefined || value <= to);
}

export interface Paging {
  pageSize: number;
  currentPage: number;
}

/** Magento's argument checks, before any search is done. */
export function checkPaging({ pageSize, currentPage }: Paging): void {
  if (currentPage < 1) throw inputError('currentPage value must be greater than 0.');
  if (pageSize < 1) throw inputError('pageSize value must be greater than 0.');
}

/** One page of `items`, with Magento's error for a page beyond the last one. */
export function pageOf<T>(items: readonly T[], paging: Paging): {
  items: T[];
  total_count: number;
  page_info: { page_size: number; current_page: number; total_pages: number };
} {
  const total = items.length;
  const totalPages = Math.ceil(total / paging.pageSize);
  if (total > 0 && paging.currentPage > totalPages) {
    throw inputError(
      `currentPage value ${paging.currentPage} specified is greater than the ${totalPages} page(s) available.`,
    );
  }
  const start = (paging.currentPage - 1) * paging.pageSize;
  return {
    items: items.slice(start, start + paging.pageSize),
    total_count: total,
    page_info: { page_size: paging.pageSize, current_page: paging.currentPage, total_pages: totalPages },
  };
}
