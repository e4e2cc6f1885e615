/**
 * Streams a `searchCriteria` search page by page (`currentPage` 1, 2, ...), holding one page at a
 * time. It stops once `currentPage × pageSize` reaches `total_count` of the latest answer: Magento's
 * order, customer and category collections answer a page past the end with the last page again, so
 * an empty page cannot be relied on to end the loop.
 */
import { MAX_PAGE_SIZE, searchCriteria } from '../search-criteria.js';
import type { SearchCriteria } from '../search-criteria.js';
import type { SearchResult } from '../schemas/search-result.js';

export interface Page<T> {
  items: T[];
  /** 1-based. */
  page: number;
  pageSize: number;
  /** `total_count` of this answer (it may grow or shrink while the scan runs). */
  totalCount: number;
}

export async function* searchPages<T>(
  criteria: SearchCriteria,
  fetchPage: (criteria: SearchCriteria) => Promise<SearchResult<T>>,
): AsyncGenerator<Page<T>> {
  const pageSize = criteria.size ?? MAX_PAGE_SIZE;
  let sized = criteria.pageSize(pageSize);
  for (let page = criteria.currentPage ?? 1; ; page++) {
    sized = sized.page(page);
    const answer = await fetchPage(sized);
    if (answer.items.length > 0) yield { items: answer.items, page, pageSize, totalCount: answer.total_count };
    if (answer.items.length === 0 || page * pageSize >= answer.total_count) return;
  }
}

/** The records of `searchPages`, one by one. */
export async function* searchItems<T>(pages: AsyncIterable<Page<T>>): AsyncGenerator<T> {
  for await (const page of pages) yield* page.items;
}

/**
 * Every record whose `field` is one of `values` (duplicates asked once), one search per
 * MAX_PAGE_SIZE values: each answer fits on one page.
 */
export async function searchIn<T>(
  search: (criteria: SearchCriteria) => Promise<SearchResult<T>>,
  field: string,
  values: readonly (string | number)[],
): Promise<T[]> {
  const unique = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += MAX_PAGE_SIZE) {
    const chunk = unique.slice(i, i + MAX_PAGE_SIZE);
    out.push(...(await search(searchCriteria().where(field, chunk, 'in').pageSize(chunk.length))).items);
  }
  return out;
}
