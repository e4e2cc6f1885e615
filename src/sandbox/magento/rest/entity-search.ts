import {
  DEFAULT_PAGE_SIZE,
  pageWindow,
  searchRecords,
  type FieldReader,
  type SearchCriteria,
} from './search-criteria.js';

/** A repository of records at entity ids `1..maxId`, generated ones overlaid by written ones. */
export interface EntitySource<T> {
  readonly count: number;
  readonly maxId: number;
  /** True when ids `1..maxId` all exist (nothing deleted), so a page can be fetched by id. */
  readonly isContiguous?: boolean;
  /** Generated records all have `updated_at`/`created_at` at or before this instant. */
  readonly generatedUntilMs?: number;
  get(id: number): T | undefined;
  iterate(): Iterable<T>;
  written?(): Iterable<T>;
  /**
   * Records whose `field` may equal one of `values`, found without a scan; `undefined` when the field
   * is not a key the source can look up. The filters still run on the result.
   */
  lookup?(field: string, values: string[]): T[] | undefined;
  /** Answers a search that needs a scan without streaming every record (e.g. from earlier matches). */
  scan?(criteria: SearchCriteria): { items: T[]; total: number };
}

/**
 * Searches a large overlaid repository without scanning it when it can: an unfiltered, unsorted
 * search pages by entity id; a delta scan (`updated_at gt <after the generated data>`) only looks at
 * records written through the API. Anything else streams all records.
 */
export function searchEntities<T extends object>(
  source: EntitySource<T>,
  criteria: SearchCriteria,
  read: FieldReader<T>,
  idOf: (record: T) => number,
  clampBeyondEnd: boolean,
): { items: T[]; total: number } {
  if (source.lookup) {
    for (const group of criteria.filterGroups) {
      const field = group.filters[0]?.field;
      if (!field || !group.filters.every((f) => f.field === field && (f.conditionType === 'eq' || f.conditionType === 'in'))) continue;
      const values = [...new Set(group.filters.flatMap((f) => (f.conditionType === 'in' ? f.value.split(',') : [f.value])).map((v) => v.trim()))];
      const found = source.lookup(field, values);
      if (found) return searchRecords(found.sort((a, b) => idOf(a) - idOf(b)), criteria, read, clampBeyondEnd);
    }
  }
  const unfiltered = criteria.filterGroups.every((g) => g.filters.length === 0);
  if (unfiltered && criteria.sortOrders.length === 0 && source.isContiguous !== false) {
    const { offset, size } = pageWindow(criteria, source.count, clampBeyondEnd);
    const items: T[] = [];
    for (let id = offset + 1; id <= source.maxId && items.length < size; id++) {
      const record = source.get(id);
      if (record) items.push(record);
    }
    return { items, total: source.count };
  }
  if (source.written && source.generatedUntilMs !== undefined && onlyNewerThan(criteria, source.generatedUntilMs)) {
    const written = [...source.written()].sort((a, b) => idOf(a) - idOf(b));
    return searchRecords(written, criteria, read, clampBeyondEnd);
  }
  return source.scan ? source.scan(criteria) : searchRecords(source.iterate(), criteria, read, clampBeyondEnd);
}

/** Whether some filter group only admits records changed after `instantMs`. */
export function onlyNewerThan(criteria: SearchCriteria, instantMs: number): boolean {
  return criteria.filterGroups.some(
    (group) =>
      group.filters.length > 0 &&
      group.filters.every(
        (f) =>
          (f.field === 'updated_at' || f.field === 'created_at') &&
          ['gt', 'gteq', 'from', 'moreq'].includes(f.conditionType) &&
          parseUtc(f.value) > instantMs,
      ),
  );
}

function parseUtc(text: string): number {
  const iso = text.trim().replace(' ', 'T');
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso.length === 10 ? `${iso}T00:00:00` : iso}Z`);
  return Number.isNaN(ms) ? -Infinity : ms;
}

export { DEFAULT_PAGE_SIZE };
