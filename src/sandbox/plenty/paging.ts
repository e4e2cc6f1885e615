/**
 * The PlentyONE list envelope. `page` comes back as a string (`"1"`) on the real system, so the sandbox
 * answers it that way to keep clients honest; every other field is a number or boolean. `itemsPerPage`
 * above the route maximum is clamped silently (no documented error), below 1 falls back to the default.
 */
export interface PageRequest {
  page: number;
  itemsPerPage: number;
}

export interface Envelope<T> {
  page: string;
  totalsCount: number;
  isLastPage: boolean;
  lastPageNumber: number;
  firstOnPage: number;
  lastOnPage: number;
  itemsPerPage: number;
  entries: T[];
}

export const DEFAULT_ITEMS_PER_PAGE = 50;
/** Documented for `/rest/pim/variations`; the sandbox applies it to every list route. */
export const MAX_ITEMS_PER_PAGE = 250;

export function pageRequest(query: (name: string) => string | undefined, max = MAX_ITEMS_PER_PAGE): PageRequest {
  const rawPage = Number.parseInt(query('page') ?? '', 10);
  const rawPer = Number.parseInt(query('itemsPerPage') ?? '', 10);
  const page = Number.isFinite(rawPage) && rawPage > 0 ? rawPage : 1;
  const itemsPerPage = Number.isFinite(rawPer) && rawPer > 0 ? Math.min(rawPer, max) : DEFAULT_ITEMS_PER_PAGE;
  return { page, itemsPerPage };
}

/** The index range [start, end) of a page over `total` records. */
export function pageRange(req: PageRequest, total: number): { start: number; end: number } {
  const start = Math.min((req.page - 1) * req.itemsPerPage, total);
  return { start, end: Math.min(start + req.itemsPerPage, total) };
}

export function envelope<T>(req: PageRequest, total: number, entries: T[]): Envelope<T> {
  const { start } = pageRange(req, total);
  const lastPageNumber = Math.max(1, Math.ceil(total / req.itemsPerPage));
  return {
    page: String(req.page),
    totalsCount: total,
    isLastPage: req.page >= lastPageNumber,
    lastPageNumber,
    firstOnPage: entries.length > 0 ? start + 1 : 0,
    lastOnPage: entries.length > 0 ? start + entries.length : 0,
    itemsPerPage: req.itemsPerPage,
    entries,
  };
}

/** Page an in-memory list (orders, contacts, categories). */
export function pageOf<T>(req: PageRequest, all: T[]): Envelope<T> {
  const { start, end } = pageRange(req, all.length);
  return envelope(req, all.length, all.slice(start, end));
}
