import { MagentoStoreError } from '../store/errors.js';

/**
 * Magento's `searchCriteria` for REST list endpoints: parsing from the query string, evaluation of
 * filter groups (filters inside a group are OR-ed, groups AND-ed), sorting and paging, and the
 * `search_criteria` echo in the answer.
 */
export interface Filter {
  field: string;
  value: string;
  conditionType: string;
}

export interface SearchCriteria {
  filterGroups: { filters: Filter[] }[];
  sortOrders: { field: string; direction: 'ASC' | 'DESC' }[];
  pageSize: number | undefined;
  currentPage: number | undefined;
}

/** Adobe Commerce input limits (`webapi/validation/*`), which the sandbox keeps switched on. */
export const MAX_PAGE_SIZE = 300;
export const DEFAULT_PAGE_SIZE = 20;

type Json = Record<string, unknown>;

/**
 * Reads `searchCriteria[...]` parameters. Magento accepts snake_case and camelCase names. Without any
 * `searchCriteria` parameter Magento refuses the call (the argument is required), so does this.
 */
export function parseSearchCriteria(url: URL): SearchCriteria {
  const tree: Json = {};
  let present = false;
  for (const [key, value] of url.searchParams) {
    if (!key.startsWith('searchCriteria')) continue;
    present = true;
    const path = [...key.slice('searchCriteria'.length).matchAll(/\[([^\]]*)\]/g)].map((m) => camel(m[1] ?? ''));
    setPath(tree, path, value);
  }
  if (!present) {
    throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: 'searchCriteria' });
  }
  const filterGroups = listOf(tree.filterGroups).map((group) => ({
    filters: listOf((group as Json).filters).map((f) => {
      const filter = f as Json;
      return {
        field: String(filter.field ?? ''),
        value: String(filter.value ?? ''),
        conditionType: String(filter.conditionType ?? 'eq').toLowerCase(),
      };
    }),
  }));
  const sortOrders = listOf(tree.sortOrders).map((s) => {
    const sort = s as Json;
    return { field: String(sort.field ?? ''), direction: String(sort.direction ?? 'ASC').toUpperCase() === 'DESC' ? 'DESC' as const : 'ASC' as const };
  });
  const pageSize = intOrUndefined(tree.pageSize);
  const currentPage = intOrUndefined(tree.currentPage);
  if (pageSize !== undefined && pageSize > MAX_PAGE_SIZE) {
    throw new MagentoStoreError('Maximum SearchCriteria pageSize is %max', { max: MAX_PAGE_SIZE });
  }
  return { filterGroups, sortOrders, pageSize, currentPage };
}

/** The `search_criteria` part of a search answer: what was asked, in Magento's snake_case. */
export function echoCriteria(criteria: SearchCriteria): Json {
  const echo: Json = {
    filter_groups: criteria.filterGroups.map((g) => ({
      filters: g.filters.map((f) => ({ field: f.field, value: f.value, condition_type: f.conditionType })),
    })),
  };
  if (criteria.sortOrders.length > 0) echo.sort_orders = criteria.sortOrders.map((s) => ({ field: s.field, direction: s.direction }));
  if (criteria.pageSize !== undefined) echo.page_size = criteria.pageSize;
  if (criteria.currentPage !== undefined) echo.current_page = criteria.currentPage;
  return echo;
}

export type FieldValue = string | number | boolean | null | undefined | readonly (string | number)[];
export type FieldReader<T> = (record: T, field: string) => FieldValue;

export function matchesAll<T>(record: T, criteria: SearchCriteria, read: FieldReader<T>): boolean {
  return criteria.filterGroups.every(
    (group) => group.filters.length === 0 || group.filters.some((f) => matches(read(record, f.field), f)),
  );
}

/** One filter against one value; array values (e.g. category ids) match if any element matches. */
export function matches(value: FieldValue, filter: Filter): boolean {
  const { conditionType: type, value: wanted } = filter;
  if (type === 'null') return value === null || value === undefined || value === '';
  if (type === 'notnull') return !(value === null || value === undefined || value === '');
  if (isList(value)) {
    if (type === 'neq' || type === 'nin' || type === 'nlike' || type === 'nfinset') {
      return value.every((v) => matches(v, filter));
    }
    return value.some((v) => matches(v, filter));
  }
  const actual = value === null || value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value;
  const list = () => wanted.split(',').map((s) => s.trim());
  switch (type) {
    case 'eq':
      return actual !== null && compare(actual, wanted) === 0;
    case 'neq':
      return actual === null || compare(actual, wanted) !== 0;
    case 'gt':
      return actual !== null && compare(actual, wanted) > 0;
    case 'gteq':
    case 'from':
    case 'moreq':
      return actual !== null && compare(actual, wanted) >= 0;
    case 'lt':
      return actual !== null && compare(actual, wanted) < 0;
    case 'lteq':
    case 'to':
      return actual !== null && compare(actual, wanted) <= 0;
    case 'in':
      return actual !== null && list().some((w) => compare(actual, w) === 0);
    case 'nin':
      return actual === null || !list().some((w) => compare(actual, w) === 0);
    case 'like':
      return actual !== null && likeRegex(wanted).test(String(actual));
    case 'nlike':
      return actual === null || !likeRegex(wanted).test(String(actual));
    case 'finset':
      return actual !== null && String(actual).split(',').includes(wanted);
    case 'nfinset':
      return actual === null || !String(actual).split(',').includes(wanted);
    default:
      // MySQL adapter treats an unknown condition key like a plain equality.
      return actual !== null && compare(actual, wanted) === 0;
  }
}

function isList(value: FieldValue): value is readonly (string | number)[] {
  return Array.isArray(value);
}

/** Numeric comparison when both sides are numbers, else case-insensitive text (MySQL collation). */
export function compare(a: string | number, b: string | number): number {
  if (typeof a === 'string' && typeof b === 'string' && DATE.test(a) && DATE.test(b)) {
    return dateMs(a) - dateMs(b);
  }
  const na = typeof a === 'number' ? a : numeric(a);
  const nb = typeof b === 'number' ? b : numeric(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  const sa = String(a).toLowerCase();
  const sb = String(b).toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?/;

/** Dates without a zone are UTC, as Magento stores them. */
function dateMs(text: string): number {
  const iso = text.trim().replace(' ', 'T');
  return Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso.length === 10 ? `${iso}T00:00:00` : iso}Z`);
}

function numeric(text: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
}

const likeCache = new Map<string, RegExp>();
function likeRegex(pattern: string): RegExp {
  let regex = likeCache.get(pattern);
  if (!regex) {
    const body = pattern
      .split('')
      .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`, 'is');
    if (likeCache.size > 500) likeCache.clear();
    likeCache.set(pattern, regex);
  }
  return regex;
}

/**
 * Page bounds. `clampBeyondEnd` mirrors Magento's data collections, which answer a page past the end
 * with the last page again (`Collection::getCurPage()`); the product repository answers an empty page.
 */
export function pageWindow(
  criteria: SearchCriteria,
  total: number,
  clampBeyondEnd: boolean,
): { offset: number; size: number } {
  const size = criteria.pageSize ?? DEFAULT_PAGE_SIZE;
  if (size <= 0) return { offset: 0, size: total };
  let page = Math.max(1, criteria.currentPage ?? 1);
  const lastPage = Math.max(1, Math.ceil(total / size));
  if (page > lastPage) {
    if (!clampBeyondEnd) return { offset: total, size: 0 };
    page = lastPage;
  }
  return { offset: (page - 1) * size, size };
}

/** Sorts by the sort orders (stable; ties keep entity order). */
export function sortRecords<T>(records: T[], criteria: SearchCriteria, read: FieldReader<T>): T[] {
  if (criteria.sortOrders.length === 0) return records;
  return records
    .map((record, index) => ({ record, index }))
    .sort((a, b) => {
      for (const { field, direction } of criteria.sortOrders) {
        const c = compareNullable(scalar(read(a.record, field)), scalar(read(b.record, field)));
        if (c !== 0) return direction === 'DESC' ? -c : c;
      }
      return a.index - b.index;
    })
    .map(({ record }) => record);
}

function scalar(value: FieldValue): string | number | null {
  if (value === null || value === undefined) return null;
  if (isList(value)) return value[0] ?? null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as string | number;
}

function compareNullable(a: string | number | null, b: string | number | null): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  return compare(a, b);
}

/**
 * Generic search over a record stream: filter, count, sort, page. Memory stays flat unless sort
 * orders are given (then the matches are held to sort them, as a database would).
 */
export function searchRecords<T>(
  records: Iterable<T>,
  criteria: SearchCriteria,
  read: FieldReader<T>,
  clampBeyondEnd: boolean,
): { items: T[]; total: number } {
  if (criteria.sortOrders.length > 0) {
    const all: T[] = [];
    for (const record of records) if (matchesAll(record, criteria, read)) all.push(record);
    const sorted = sortRecords(all, criteria, read);
    const { offset, size } = pageWindow(criteria, sorted.length, clampBeyondEnd);
    return { items: sorted.slice(offset, offset + size), total: sorted.length };
  }
  // Without sorting, keep only a window; the page is known once the total is (clamping needs it),
  // so remember the last `size` matches as well.
  const size = criteria.pageSize ?? DEFAULT_PAGE_SIZE;
  const wantedPage = Math.max(1, criteria.currentPage ?? 1);
  const start = (wantedPage - 1) * size;
  const page: T[] = [];
  let ring: T[] = [];
  let total = 0;
  for (const record of records) {
    if (!matchesAll(record, criteria, read)) continue;
    if (total >= start && page.length < size) page.push(record);
    if (clampBeyondEnd) {
      if (total % size === 0) ring = [];
      ring.push(record);
    }
    total++;
  }
  if (total > start || total === 0) return { items: page, total };
  return { items: clampBeyondEnd ? ring : [], total };
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined);
  if (value && typeof value === 'object') {
    return Object.entries(value as Json)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => v);
  }
  return [];
}

function intOrUndefined(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) {
    throw new MagentoStoreError('The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.', { value: String(value), type: 'int' });
  }
  return n;
}

function camel(segment: string): string {
  return segment.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
}

function setPath(tree: Json, path: string[], value: string): void {
  let node: Json = tree;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (!next || typeof next !== 'object') node[key] = {};
    node = node[key] as Json;
  });
}
