/** Options every REST helper takes, and extra filters for scans. */
import type { SearchCriteria, SearchFilter } from '../search-criteria.js';

export interface CallOptions {
  /** Store view code (`/rest/<code>/V1`), `all` for global scope; default: the client's. */
  store?: string;
  signal?: AbortSignal;
}

export interface ScanOptions extends CallOptions {
  /** Default 300 (Magento's maximum). */
  pageSize?: number;
}

/** An extra AND-ed condition: one filter, or several OR-ed with each other. */
export type FilterGroup = SearchFilter | readonly SearchFilter[];

export function withFilterGroups(criteria: SearchCriteria, groups: readonly FilterGroup[]): SearchCriteria {
  return groups.reduce<SearchCriteria>(
    (c, g) => c.whereAny(Array.isArray(g) ? (g as readonly SearchFilter[]) : [g as SearchFilter]),
    criteria,
  );
}
