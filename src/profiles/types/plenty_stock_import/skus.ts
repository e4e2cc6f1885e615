/**
 * Variation id → Magento SKU: the link table first ('variation' links: Magento SKU ↔ PlentyONE
 * variation id, recorded by every sync that matched them), else the variation number from PlentyONE
 * (one call per 250 unlinked variations).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { rowsOf, runStatement } from '../../../db/driver.js';
import { entityLinks, variationNumberSql } from '../../../db/schema/index.js';
import { indexOfId } from './id-search.js';
import { sameHash, sameHashIn } from './source-items.js';

export const VARIATION_LINK = 'variation';

export interface Resolved {
  sku: string;
  /** The link's aspect hashes (what was last written per source); undefined when there is no link. */
  written: Record<string, string> | null | undefined;
}

export async function resolveSkus(
  db: Database,
  variationIds: readonly number[],
  numbers: (ids: number[]) => Promise<Map<number, string>>,
): Promise<Map<number, Resolved>> {
  const out = new Map<number, Resolved>();
  if (variationIds.length === 0) return out;
  for (const [plentyId, sku, written] of await readLinks(db, variationIds)) out.set(Number(plentyId), { sku, written });
  const missing = variationIds.filter((id) => !out.has(id));
  if (missing.length > 0) {
    for (const [id, sku] of await numbers(missing)) out.set(id, { sku, written: undefined });
  }
  return out;
}

/**
 * What the links say of a chunk of variations, by position in the chunk: the SKU, and of the hashes
 * only those the stock import compares (the aspects asked, in their order), not the link's whole JSON.
 * Read by method: a full run's links stay positions in the text they came in (LinkTexts), made into
 * strings only for the variations that are written or named.
 */
export interface LinkedStock {
  /** Whether the i-th variation has a SKU (none: neither a link nor a variation number, it is gone). */
  hasSku(i: number): boolean;
  /** The i-th variation's SKU, a string of its own (it may be held until its write goes out). */
  sku(i: number): string | undefined;
  /** Gives the i-th variation the SKU found elsewhere (its variation number). */
  setSku(i: number, sku: string | undefined): void;
  /** The hash of aspect `a` last written for the i-th variation; null where none. */
  hash(a: number, i: number): string | null;
  /** Whether that hash is `hashText(quantity, status)` (a reconciliation asks it of every variation and source). */
  holds(a: number, i: number, quantity: number, status: 0 | 1): boolean;
}

/** Links answered as arrays (`resolveStockLinks`). */
class ListedLinks implements LinkedStock {
  constructor(private readonly skus: (string | undefined)[], private readonly hashes: (string | null)[][]) {}
  hasSku(i: number): boolean {
    return this.skus[i] !== undefined;
  }
  sku(i: number): string | undefined {
    return this.skus[i];
  }
  setSku(i: number, sku: string | undefined): void {
    this.skus[i] = sku;
  }
  hash(a: number, i: number): string | null {
    return this.hashes[a]?.[i] ?? null;
  }
  holds(a: number, i: number, quantity: number, status: 0 | 1): boolean {
    return sameHash(this.hashes[a]?.[i], quantity, status);
  }
}

/**
 * `resolveSkus` for the stock import: the SKU and the hashes of the given `aspects` of each variation.
 * Each is answered as one flat JSON array per column (one parse each, no object or nested array per
 * link: a full reconciliation reads a link per variation).
 */
export async function resolveStockLinks(
  db: Database,
  variationIds: readonly number[],
  aspects: readonly string[],
  numbers: (ids: number[]) => Promise<Map<number, string>>,
): Promise<LinkedStock> {
  if (variationIds.length === 0) return new ListedLinks([], aspects.map(() => []));
  for (const id of variationIds) if (!Number.isSafeInteger(id)) throw new TypeError(`not a variation id: ${id}`);
  // The aspects are the import's own ('stock:<source code>', 'magento:manage_stock'): a parameter each
  // would cost the statement a second round trip (see readLinks), so they are written as literals.
  const hashColumns = aspects.map((aspect, i) =>
    sql.raw(`, coalesce(json_agg(l.aspect_hashes ->> ${literal(aspect)} order by ids.ord), '[]') as h${i}`));
  const result = await db.execute(sql`
    select coalesce(json_agg(l.magento_key order by ids.ord), '[]') as skus${sql.join(hashColumns)}
    from unnest(${sql.raw(`'{${variationIds.join(',')}}'`)}::text[]) with ordinality as ids(id, ord)
    left join lateral (
      select magento_key, aspect_hashes from ${entityLinks}
      where entity_type = ${sql.raw(`'${VARIATION_LINK}'`)} and plenty_id = ids.id
      limit 1
    ) l on true`);
  const [row] = rowsOf(result) as Record<string, (string | null)[]>[];
  const linked = new ListedLinks((row?.skus ?? []).map((sku) => sku ?? undefined), aspects.map((_, i) => row?.[`h${i}`] ?? []));
  await numbersOfUnlinked(variationIds, linked, numbers);
  return linked;
}

/** Fills in the SKUs the links did not give from PlentyONE's variation numbers (left undefined: the variation is gone). */
export async function numbersOfUnlinked(
  variationIds: readonly number[],
  linked: LinkedStock,
  numbers: (ids: number[]) => Promise<Map<number, string>>,
): Promise<void> {
  const missing = variationIds.filter((_, i) => !linked.hasSku(i));
  if (missing.length === 0) return;
  const found = await numbers(missing);
  variationIds.forEach((id, i) => {
    if (!linked.hasSku(i)) linked.setSku(i, found.get(id));
  });
}

/**
 * A full run's link reads. A full scan hands on its variations in ascending id order, so the links of a
 * chunk are the links of the ids from just after the previous chunk up to its last one: one range scan
 * along the variation number index (links.ts) instead of an index lookup per id. The links in the range
 * that the chunk does not hold are those of variations without stock in the scanned warehouses: the
 * stale ones (removeStaleOnFullRun), when they carry a hash of a source.
 */
export interface RangeLinks {
  /** The chunk's SKUs and hashes, in the order of its variation ids (as `resolveStockLinks` answers). */
  linked: LinkTexts;
  /** Ids of the range's other links that carry a hash of one of the first `stockAspects` aspects. */
  unseen: number[];
}

/** Links read per statement of a range (a range of a chunk holds about a chunk's). */
export const LINK_RANGE_PAGE = 2000;

const rangeTexts = new Map<string, string>();
/**
 * The range read's statement for these aspects: fixed per import, so prepared (one round trip, planned
 * once per connection; every plan is the range scan). The links come as one text, `id sku h0 h1 … id
 * sku …` (one value per chunk, no row object or JSON value per link), the SKU and each hash prefixed by
 * their length in characters (`3:abc`, `-` for none), so none of their characters needs escaping. The
 * order of the links in the text does not matter (`parseLinkRange`).
 *
 * `ordered`: the lowest ids of the range first, so a range of more than a page is read page after page.
 * Unordered, PostgreSQL does not compute the variation number of each link (the index scan hands on the
 * expression only to sort by it, and its regular expression was a quarter of the database's CPU in a
 * reconciliation): the first read of a range, complete when it answers less than a page.
 */
export function linkRangeStatement(aspects: readonly string[], ordered: boolean): string {
  const key = `${ordered}\n${aspects.join('\n')}`;
  let text = rangeTexts.get(key);
  if (text === undefined) {
    const hashes = aspects.map((aspect, i) => `aspect_hashes ->> ${literal(aspect)} as h${i}`).join(', ');
    // Joined with ||, not concat(): the variadic function cost PostgreSQL a fifth more per link.
    const fields = aspects.map((_, i) => ` || ' ' || coalesce(length(h${i}) || ':' || h${i}, '-')`).join('');
    text = `select coalesce(string_agg(plenty_id || ' ' || length(magento_key) || ':' || magento_key${fields}, ' '), '') as links
      from (
        select plenty_id, magento_key, ${hashes} from entity_links
        where entity_type = '${VARIATION_LINK}' and ${variationNumberSql} > $1::bigint and ${variationNumberSql} <= $2::bigint
        ${ordered ? `order by ${variationNumberSql} ` : ''}limit ${LINK_RANGE_PAGE}
      ) l`;
    rangeTexts.set(key, text);
  }
  return text;
}

/**
 * The links of the variation ids in (`after`, `upTo`] (`upTo` Infinity: all above `after`), for a chunk
 * holding `variationIds` (ascending) of that range, with the hashes of `aspects`.
 */
export async function readLinkRange(
  db: Database, after: number, upTo: number, aspects: readonly string[], variationIds: readonly number[], stockAspects: number,
): Promise<RangeLinks> {
  const last = Number.isFinite(upTo) ? upTo : Number.MAX_SAFE_INTEGER;
  const read = async (from: number, ordered: boolean, out: RangeLinks) => {
    const [row] = await runStatement<{ links: string }>(db, linkRangeStatement(aspects, ordered), [from, last], true);
    return parseLinkRange(row?.links ?? '', variationIds, stockAspects, out);
  };
  // A chunk's range holds about a chunk's links: one unordered read, unless it filled a page.
  const whole = emptyRangeLinks(variationIds.length, aspects.length);
  if ((await read(after, false, whole)).count < LINK_RANGE_PAGE) return whole;
  const out = emptyRangeLinks(variationIds.length, aspects.length);
  for (let from = after; ;) {
    const page = await read(from, true, out);
    if (page.count < LINK_RANGE_PAGE) return out;
    from = page.highest;
  }
}

export const emptyRangeLinks = (variations: number, aspects: number): RangeLinks => ({ linked: new LinkTexts(variations, aspects), unseen: [] });

const DASH = 45;
const ZERO = 48;

/**
 * The links of a chunk as the range read answered them: each field a position in its text, so a
 * variation whose hashes hold what it has (almost all of a reconciliation) costs no string.
 */
export class LinkTexts implements LinkedStock {
  private readonly texts: string[] = [];
  /** Numbers per variation in `at`: its text, its SKU's start and end, then per aspect its hash's start and end. */
  private readonly stride: number;
  /** The text a variation's link is in (-1: none), then the fields' positions (start -1: no hash). */
  private readonly at: number[];
  /** SKUs given by `setSku` (variation numbers of unlinked variations). */
  private given: (string | undefined)[] | undefined;

  constructor(readonly size: number, readonly aspects: number) {
    this.stride = 3 + 2 * aspects;
    this.at = new Array<number>(size * this.stride).fill(-1);
  }

  hasSku(i: number): boolean {
    return this.at[i * this.stride]! >= 0 || this.given?.[i] !== undefined;
  }

  sku(i: number): string | undefined {
    const base = i * this.stride;
    const text = this.at[base]!;
    if (text < 0) return this.given?.[i];
    return ownString(this.texts[text]!.slice(this.at[base + 1], this.at[base + 2]));
  }

  setSku(i: number, sku: string | undefined): void {
    (this.given ??= new Array<string | undefined>(this.size))[i] = sku;
  }

  hash(a: number, i: number): string | null {
    const base = i * this.stride;
    const start = this.at[base + 3 + 2 * a]!;
    return this.at[base]! < 0 || start < 0 ? null : this.texts[this.at[base]!]!.slice(start, this.at[base + 4 + 2 * a]);
  }

  holds(a: number, i: number, quantity: number, status: 0 | 1): boolean {
    const base = i * this.stride;
    const text = this.at[base]!;
    const start = this.at[base + 3 + 2 * a]!;
    return text >= 0 && start >= 0 && sameHashIn(this.texts[text]!, start, this.at[base + 4 + 2 * a]!, quantity, status);
  }

  /**
   * Reads one answer of the range read: a link of one of the chunk's `variationIds` (found by binary
   * search: ascending) gives its SKU and hashes, the first link of an id counting (as the lookups'
   * `limit 1`); any other joins `unseen` when one of its first `stockAspects` hashes is there. Answers
   * how many links the text held and the highest id among them.
   */
  read(text: string, variationIds: readonly number[], stockAspects: number, unseen: number[]): { count: number; highest: number } {
    const { at, stride, aspects } = this;
    const index = this.texts.push(text) - 1;
    let i = 0;
    let count = 0;
    let highest = -Infinity;
    /** A whole number written in digits; the character after it is skipped. */
    const number = (): number => {
      let value = 0;
      for (let c = text.charCodeAt(i++); c >= ZERO && c <= ZERO + 9; c = text.charCodeAt(i++)) value = value * 10 + (c - ZERO);
      return value;
    };
    /** Past `n:text` (n characters, one beyond the BMP being two UTF-16 units) or `-`, and the separator; where the text starts, -1 for `-`. */
    let end = 0;
    const field = (): number => {
      if (text.charCodeAt(i) === DASH) {
        i += 2;
        return -1;
      }
      const length = number();
      const start = i;
      for (let n = 0; n < length; n++) {
        const c = text.charCodeAt(i++);
        if (c >= 0xd800 && c <= 0xdbff) i++;
      }
      end = i++;
      return start;
    };
    while (i < text.length) {
      const id = number();
      if (id > highest) highest = id;
      count++;
      const v = indexOfId(variationIds, id);
      if (v >= 0 && at[v * stride]! < 0) {
        const base = v * stride;
        at[base] = index;
        at[base + 1] = field();
        at[base + 2] = end;
        for (let a = 0; a < aspects; a++) {
          const start = field();
          at[base + 3 + 2 * a] = start;
          at[base + 4 + 2 * a] = start < 0 ? -1 : end;
        }
        continue;
      }
      field();
      let stocked = false;
      for (let a = 0; a < aspects; a++) if (field() >= 0 && a < stockAspects) stocked = true;
      if (v < 0 && stocked && unseen[unseen.length - 1] !== id) unseen.push(id);
    }
    return { count, highest };
  }
}

/** Reads one answer of the range read into `out` (LinkTexts.read). */
export const parseLinkRange = (text: string, variationIds: readonly number[], stockAspects: number, out: RangeLinks) =>
  out.linked.read(text, variationIds, stockAspects, out.unseen);

/**
 * A copy of `text` of its own. V8 may keep a string cut from a longer one as a view of it (a sliced
 * string), and a SKU held until its write goes out (up to a batch of 200 writes) must not keep its
 * chunk's link text (tens of kilobytes) alive that long.
 */
const ownString = (text: string): string => Buffer.from(text, 'utf16le').toString('utf16le');

/** A string as an SQL literal. */
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** plenty_id, magento_key, aspect_hashes. */
type LinkTuple = [string, string, Record<string, string> | null];

/**
 * The links of a chunk of variations, one index lookup per id (a lateral join, kept from being
 * flattened into a plain join by `offset 0`). The plain `plenty_id = any(ids)` was planned, while the
 * table had no statistics yet (a first import), as a scan of every variation link filtered by id: a
 * first import of 100,000 variations spent most of its time here. Only the compared columns are read,
 * and the links come back as one JSON array (one parse per chunk instead of a row object and a JSON
 * parse of the hashes per link). The statement carries no parameters: the ids are integers, written
 * as an array literal, so postgres.js sends it in one round trip (an unprepared statement with
 * parameters costs two: it asks PostgreSQL for their types first).
 */
async function readLinks(db: Database, variationIds: readonly number[]): Promise<LinkTuple[]> {
  for (const id of variationIds) if (!Number.isSafeInteger(id)) throw new TypeError(`not a variation id: ${id}`);
  const result = await db.execute(sql`
    select coalesce(json_agg(json_build_array(l.plenty_id, l.magento_key, l.aspect_hashes)), '[]') as links
    from unnest(${sql.raw(`'{${variationIds.join(',')}}'`)}::text[]) as ids(id)
    cross join lateral (
      select plenty_id, magento_key, aspect_hashes from ${entityLinks}
      where entity_type = ${sql.raw(`'${VARIATION_LINK}'`)} and plenty_id = ids.id
      offset 0
    ) l`);
  const [row] = rowsOf(result) as { links: LinkTuple[] }[];
  return row?.links ?? [];
}
