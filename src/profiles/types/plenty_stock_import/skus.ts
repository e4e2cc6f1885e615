/**
 * Variation id → Magento SKU: the link table first ('variation' links: Magento SKU ↔ PlentyONE
 * variation id, recorded by every sync that matched them), else the variation number from PlentyONE
 * (one call per 250 unlinked variations).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { rowsOf } from '../../../db/driver.js';
import { entityLinks } from '../../../db/schema/index.js';

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
 * What the links say of a group of variations, each array in the order of the ids asked: the SKU
 * (undefined: neither a link nor a variation number, the variation is gone), and of the hashes only
 * those the stock import compares, not the link's whole JSON.
 */
export interface LinkedStock {
  skus: (string | undefined)[];
  /** Per aspect asked, in that order: the hash last written, null where none. */
  hashes: (string | null)[][];
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
  if (variationIds.length === 0) return { skus: [], hashes: aspects.map(() => []) };
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
  const skus: (string | undefined)[] = (row?.skus ?? []).map((sku) => sku ?? undefined);
  const hashes = aspects.map((_, i) => row?.[`h${i}`] ?? []);
  const missing = variationIds.filter((_, i) => skus[i] === undefined);
  if (missing.length > 0) {
    const found = await numbers(missing);
    variationIds.forEach((id, i) => {
      if (skus[i] === undefined) skus[i] = found.get(id);
    });
  }
  return { skus, hashes };
}

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
