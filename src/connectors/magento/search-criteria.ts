/**
 * Magento's REST `searchCriteria` as an immutable builder producing the bracketed query string
 * (`searchCriteria[filter_groups][0][filters][0][field]=...`). Filters inside one group are OR-ed,
 * groups are AND-ed; `where()` adds a group of one filter, `whereAny()` a group of several.
 *
 *   searchCriteria().where('updated_at', '2024-05-01 00:00:00', 'gt').sortBy('updated_at').pageSize(300)
 *
 * Brackets stay literal (as Magento's documentation writes them); names and values are
 * percent-encoded (RFC 3986), so the same string is what the OAuth signature covers.
 */

export const CONDITION_TYPES = [
  'eq',
  'neq',
  'gt',
  'gteq',
  'lt',
  'lteq',
  'in',
  'nin',
  'like',
  'nlike',
  'from',
  'to',
  'null',
  'notnull',
  'finset',
  'nfinset',
  'moreq',
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

/** Magento's default `webapi/validation/maximum_page_size` (the sandbox enforces it). */
export const MAX_PAGE_SIZE = 300;

export type FilterValue = string | number | boolean | Date | readonly (string | number)[];

export interface SearchFilter {
  field: string;
  value: FilterValue;
  /** Default `eq`. */
  condition?: ConditionType;
}

export type SortDirection = 'ASC' | 'DESC';

interface State {
  readonly groups: readonly (readonly SearchFilter[])[];
  readonly sorts: readonly { field: string; direction: SortDirection }[];
  readonly pageSize: number | undefined;
  readonly currentPage: number | undefined;
}

/** Magento stores and compares dates as UTC `YYYY-MM-DD HH:MM:SS`. */
export function magentoDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function valueText(value: FilterValue): string {
  if (value instanceof Date) return magentoDateTime(value);
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** Text RFC 3986 leaves as it is (its unreserved characters): most names, ids and dates' digits. */
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/** RFC 3986 percent-encoding (encodeURIComponent leaves !'()* alone). */
export function percentEncode(text: string): string {
  if (UNRESERVED.test(text)) return text;
  return encodeURIComponent(text).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

export class SearchCriteria {
  private constructor(private readonly state: State) {}

  static empty(): SearchCriteria {
    return new SearchCriteria({ groups: [], sorts: [], pageSize: undefined, currentPage: undefined });
  }

  /** AND a filter: a group of one. */
  where(field: string, value: FilterValue, condition: ConditionType = 'eq'): SearchCriteria {
    return this.whereAny([{ field, value, condition }]);
  }

  /** AND a group of filters that are OR-ed with each other. */
  whereAny(filters: readonly SearchFilter[]): SearchCriteria {
    if (filters.length === 0) throw new RangeError('a filter group needs at least one filter');
    for (const f of filters) {
      if (!f.field) throw new RangeError('a filter needs a field');
      if (f.condition !== undefined && !(CONDITION_TYPES as readonly string[]).includes(f.condition)) {
        throw new RangeError(`unknown condition type "${f.condition}"`);
      }
    }
    return new SearchCriteria({ ...this.state, groups: [...this.state.groups, [...filters]] });
  }

  sortBy(field: string, direction: SortDirection = 'ASC'): SearchCriteria {
    return new SearchCriteria({ ...this.state, sorts: [...this.state.sorts, { field, direction }] });
  }

  pageSize(size: number): SearchCriteria {
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${size}`);
    }
    return new SearchCriteria({ ...this.state, pageSize: size });
  }

  page(currentPage: number): SearchCriteria {
    if (!Number.isInteger(currentPage) || currentPage < 1) throw new RangeError(`currentPage must be an integer ≥ 1, got ${currentPage}`);
    return new SearchCriteria({ ...this.state, currentPage });
  }

  get currentPage(): number | undefined {
    return this.state.currentPage;
  }

  get size(): number | undefined {
    return this.state.pageSize;
  }

  /** Name/value pairs in order, names with literal brackets, nothing encoded. */
  toParams(): [name: string, value: string][] {
    const params: [string, string][] = [];
    this.state.groups.forEach((filters, g) =>
      filters.forEach((filter, f) => {
        const base = `searchCriteria[filter_groups][${g}][filters][${f}]`;
        params.push([`${base}[field]`, filter.field]);
        params.push([`${base}[value]`, valueText(filter.value)]);
        params.push([`${base}[condition_type]`, filter.condition ?? 'eq']);
      }),
    );
    this.state.sorts.forEach((sort, i) => {
      params.push([`searchCriteria[sortOrders][${i}][field]`, sort.field]);
      params.push([`searchCriteria[sortOrders][${i}][direction]`, sort.direction]);
    });
    if (this.state.pageSize !== undefined) params.push(['searchCriteria[pageSize]', String(this.state.pageSize)]);
    if (this.state.currentPage !== undefined) params.push(['searchCriteria[currentPage]', String(this.state.currentPage)]);
    // Magento requires the argument even when nothing is filtered: an empty one means "everything".
    if (params.length === 0) params.push(['searchCriteria', '']);
    return params;
  }

  /** The query string without `?`. */
  toQueryString(): string {
    return this.toParams()
      .map(([name, value]) => `${encodeName(name)}=${percentEncode(value)}`)
      .join('&');
  }

  toString(): string {
    return this.toQueryString();
  }
}

/** A name of unreserved characters and brackets (`searchCriteria[pageSize]`): nothing in it to encode. */
const PLAIN_NAME = /^[A-Za-z0-9\-._~[\]]*$/;

/** Brackets stay readable; everything else in a name is encoded like a value. */
function encodeName(name: string): string {
  if (PLAIN_NAME.test(name)) return name;
  return name
    .split(/([[\]])/)
    .map((part) => (part === '[' || part === ']' ? part : percentEncode(part)))
    .join('');
}

export function searchCriteria(): SearchCriteria {
  return SearchCriteria.empty();
}
