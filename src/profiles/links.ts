import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { rowsOf, runStatement } from '../db/driver.js';
import { entityLinks } from '../db/schema/index.js';
import { assertHeld, heldBy, heldByText, type RunOwner } from './run-owner.js';

export type EntityLink = typeof entityLinks.$inferSelect;
export type LinkWrite = Pick<EntityLink, 'entityType' | 'magentoKey' | 'plentyId'> &
  Partial<Pick<EntityLink, 'hash' | 'aspectHashes' | 'meta'>>;

export interface UpsertOptions {
  /**
   * A row deleted by the same statement, if it is still as given: the claim the write was made under
   * (see plenty_order_export/claims.ts), so writing the link and giving up the claim is one round trip.
   */
  releasing?: Pick<EntityLink, 'entityType' | 'magentoKey' | 'plentyId'>;
  /**
   * Written by the statement that saves the run's batch (or ends the run) instead of one of its own,
   * for a store given a run (the runner's): one round trip less per record. Only for a write whose loss
   * in a crash before that save is repaired by the record's retry (the order export finds an order it
   * created by its external id); until then this run does not see the link either.
   */
  atBatchSave?: boolean;
}

/** Link writes held for the run's next save (`atBatchSave`). */
export interface PendingLinkWrites {
  links: LinkWrite[];
  releasing: NonNullable<UpsertOptions['releasing']>[];
}

/** Magento key ↔ PlentyONE id per entity type, with the hash of what was last written. */
export interface LinkStore {
  get(entityType: string, magentoKey: string): Promise<EntityLink | undefined>;
  getMany(entityType: string, magentoKeys: string[]): Promise<Map<string, EntityLink>>;
  /**
   * Links of several entity types by one statement (an order's own link and its SKUs' variation links,
   * say), keyed by `linkKey(type, key)`: on the event path every statement saved is a round trip.
   */
  getEach(keys: { entityType: string; magentoKey: string }[]): Promise<Map<string, EntityLink>>;
  byPlentyId(entityType: string, plentyId: string): Promise<EntityLink | undefined>;
  /** Inserts or updates the link; `lastWrittenAt` is set to now. */
  upsert(link: LinkWrite, options?: UpsertOptions): Promise<void>;
  upsertMany(links: LinkWrite[], options?: UpsertOptions): Promise<void>;
  remove(entityType: string, magentoKey: string): Promise<boolean>;
  /** The writes held for the run's next save (`atBatchSave`), handed over once. */
  takePending(): PendingLinkWrites | undefined;
  /** Links of one entity type in Magento key order, optionally narrowed to one key or one PlentyONE id. */
  list(entityType: string, filter?: { magentoKey?: string; plentyId?: string; limit?: number }): Promise<EntityLink[]>;
}

/**
 * The two reads every record of every run makes, built once per database: building a drizzle query
 * costs more CPU than PostgreSQL spends answering this one.
 */
function preparedReads(db: Database) {
  const type = sql.placeholder('type');
  return {
    get: db.select().from(entityLinks)
      .where(and(eq(entityLinks.entityType, type), eq(entityLinks.magentoKey, sql.placeholder('key'))))
      .prepare('entity_links_get'),
    getMany: db.select().from(entityLinks)
      .where(and(eq(entityLinks.entityType, type), sql`${entityLinks.magentoKey} = any(${sql.placeholder('keys')}::text[])`))
      .prepare('entity_links_get_many'),
    getEach: getEachQuery(db).prepare('entity_links_get_each'),
  };
}

/**
 * `getEach`'s statement (placeholders `types` and `keys`): one key index lookup per asked key, whatever
 * the statistics. A prepared statement is planned once for any arrays (unnest counts as 10 rows), and on
 * a table without statistics (a new installation) the plan of a plain `(type, key) in (unnest …)` was a
 * hash join over a sequential scan of every link, kept for the life of the connection: the order
 * export's event path read the whole table per order. The LIMIT keeps the lateral subquery a
 * parameterised index lookup instead of a join the planner may turn around.
 */
export function getEachQuery(db: Database) {
  const found = db.select().from(entityLinks)
    .where(and(eq(entityLinks.entityType, sql`asked.t`), eq(entityLinks.magentoKey, sql`asked.k`))).limit(1).as('found');
  return db.select(found._.selectedFields)
    .from(sql`unnest(${sql.placeholder('types')}::text[], ${sql.placeholder('keys')}::text[]) as asked(t, k)`)
    .crossJoinLateral(found);
}

/** The key of a link in `getEach`'s answer. */
export const linkKey = (entityType: string, magentoKey: string): string => `${entityType}\u0000${magentoKey}`;
const reads = new WeakMap<Database, ReturnType<typeof preparedReads>>();

/**
 * The link store; given a run's `owner`, its writes are made only while that execution holds the run
 * (a superseded one gets `RunSupersededError` and nothing is written).
 */
export function createLinkStore(db: Database, owner?: RunOwner): LinkStore {
  let prepared = reads.get(db);
  if (!prepared) reads.set(db, (prepared = preparedReads(db)));
  const { get, getMany, getEach } = prepared;
  let pending: PendingLinkWrites = { links: [], releasing: [] };
  const store: LinkStore = {
    async get(entityType, magentoKey) {
      const [row] = await get.execute({ type: entityType, key: magentoKey });
      return row;
    },
    async getMany(entityType, magentoKeys) {
      if (magentoKeys.length === 0) return new Map();
      const rows = await getMany.execute({ type: entityType, keys: [...new Set(magentoKeys)] });
      return new Map(rows.map((r) => [r.magentoKey, r]));
    },
    async getEach(keys) {
      if (keys.length === 0) return new Map();
      const rows = await getEach.execute({ types: keys.map((k) => k.entityType), keys: keys.map((k) => k.magentoKey) });
      return new Map(rows.map((r) => [linkKey(r.entityType, r.magentoKey), r]));
    },
    async byPlentyId(entityType, plentyId) {
      const [row] = await db.select().from(entityLinks)
        .where(and(eq(entityLinks.entityType, entityType), eq(entityLinks.plentyId, plentyId)));
      return row;
    },
    async upsert(link, options) {
      await store.upsertMany([link], options);
    },
    async upsertMany(links, options = {}) {
      if (links.length === 0) return;
      const { releasing } = options;
      if (options.atBatchSave && owner) {
        pending.links.push(...links);
        if (releasing) pending.releasing.push(releasing);
        return;
      }
      // The owner's values follow the three of the link writes.
      const guard = owner && heldByText(4);
      const values: unknown[] = linkWriteValues({ links, releasing: releasing ? [releasing] : [] });
      if (owner) values.push(owner.runId, owner.token);
      const written = await runStatement(db, `with ${linkWriteCtes(1, guard)} select 1 as written from linked`, values, false);
      if (owner && written.length === 0) await assertHeld(db, owner);
    },
    takePending() {
      if (pending.links.length === 0 && pending.releasing.length === 0) return undefined;
      const taken = pending;
      pending = { links: [], releasing: [] };
      return taken;
    },
    async remove(entityType, magentoKey) {
      const rows = await db.delete(entityLinks)
        .where(and(eq(entityLinks.entityType, entityType), eq(entityLinks.magentoKey, magentoKey), owner && heldBy(owner)))
        .returning({ key: entityLinks.magentoKey });
      if (owner && rows.length === 0) await assertHeld(db, owner);
      return rows.length > 0;
    },
    async list(entityType, filter = {}) {
      const where = [eq(entityLinks.entityType, entityType)];
      if (filter.magentoKey !== undefined) where.push(eq(entityLinks.magentoKey, filter.magentoKey));
      if (filter.plentyId !== undefined) where.push(eq(entityLinks.plentyId, filter.plentyId));
      const query = db.select().from(entityLinks).where(and(...where)).orderBy(asc(entityLinks.magentoKey));
      return filter.limit === undefined ? query : query.limit(filter.limit);
    },
  };
  return store;
}

/**
 * The link writes (and the claims they give up) as the common table expressions `released` and
 * `linked` (one row per link written), made only where `guard` holds: the link store's own upsert
 * selects from them (guarded by its run's `heldBy`), and the run's batch save puts them after its
 * update of the run row, guarded by that update (see history.ts). A fixed text per `first` and guard,
 * its values numbered from `first` (`linkWriteValues`, three): the run's save of every event run sends
 * it, and building it with drizzle cost more CPU than PostgreSQL spends on the statement.
 */
export function linkWriteCtes(first: number, guard: string | undefined): string {
  const key = `${first}\u0000${guard ?? ''}`;
  let text = linkWriteTexts.get(key);
  if (text === undefined) linkWriteTexts.set(key, (text = linkWriteText(first, guard)));
  return text;
}

const linkWriteTexts = new Map<string, string>();

function linkWriteText(first: number, guard: string | undefined): string {
  const [rows, released, now] = [`$${first}`, `$${first + 1}`, `$${first + 2}`];
  // The rows and the claims travel as JSON parameters: a multi-row VALUES costs several parameters per
  // row to build, more CPU than PostgreSQL spends on the upsert (full stock imports write a link per
  // variation), and postgres.js escapes every element of an array parameter by regular expressions.
  // Each claim given up is looked up by the key index (a lateral subquery with a LIMIT, as in `getEach`)
  // and deleted by its row's address (a TID scan): the run's save runs as a prepared statement, and the
  // plan PostgreSQL keeps for it (a generic one after five runs, not knowing how many claims there are)
  // joined the claims to the links by a hash join over a sequential scan of every link on a table
  // without statistics. The owner is checked on the deleted row (a claim taken over by another run
  // meanwhile is not deleted); only the key is looked up, so the plan has no choice of index to make.
  return `released as (
      delete from entity_links l
      using jsonb_to_recordset(${released}::jsonb) as r(entity_type text, magento_key text, plenty_id text)
      cross join lateral (select c.ctid as at from entity_links c
        where c.entity_type = r.entity_type and c.magento_key = r.magento_key limit 1) found
      where l.ctid = found.at and l.plenty_id = r.plenty_id${guard ? ` and ${guard}` : ''}),
    linked as (
      insert into entity_links (entity_type, magento_key, plenty_id, hash, aspect_hashes, meta, last_written_at, updated_at)
      select r.entity_type, r.magento_key, r.plenty_id, r.hash, r.aspect_hashes, r.meta, ${now}::timestamptz, ${now}::timestamptz
      from jsonb_to_recordset(${rows}::jsonb) as r(entity_type text, magento_key text, plenty_id text, hash text, aspect_hashes jsonb, meta jsonb)
      ${guard ? `where ${guard}` : ''}
      on conflict (entity_type, magento_key) do update set
        plenty_id = excluded.plenty_id,
        hash = coalesce(excluded.hash, entity_links.hash),
        aspect_hashes = coalesce(entity_links.aspect_hashes, '{}'::jsonb) || coalesce(excluded.aspect_hashes, '{}'::jsonb),
        meta = coalesce(excluded.meta, entity_links.meta),
        last_written_at = excluded.last_written_at,
        updated_at = excluded.updated_at
      returning 1)`;
}

/** The values of `linkWriteCtes`'s text, in the order of their numbers: links, claims given up, now. */
export function linkWriteValues(writes: PendingLinkWrites): [string, string, string] {
  const rows = JSON.stringify(mergeDuplicates(writes.links).map((l) => ({
    entity_type: l.entityType, magento_key: l.magentoKey, plenty_id: l.plentyId,
    hash: l.hash ?? null, aspect_hashes: l.aspectHashes ?? null, meta: l.meta ?? null,
  })));
  const released = JSON.stringify(writes.releasing.map((r) => ({ entity_type: r.entityType, magento_key: r.magentoKey, plenty_id: r.plentyId })));
  return [rows, released, new Date().toISOString()];
}

/**
 * One row per key, merged the way the upsert merges with the stored row (the later write wins, aspect
 * hashes add up): PostgreSQL refuses an INSERT … ON CONFLICT that touches the same row twice, and a batch
 * may well name one entity twice (a SKU in two order lines).
 */
function mergeDuplicates(links: LinkWrite[]): LinkWrite[] {
  const byKey = new Map<string, LinkWrite>();
  for (const link of links) {
    const key = JSON.stringify([link.entityType, link.magentoKey]);
    const earlier = byKey.get(key);
    byKey.set(key, earlier ? {
      ...link,
      hash: link.hash ?? earlier.hash,
      meta: link.meta ?? earlier.meta,
      aspectHashes: earlier.aspectHashes || link.aspectHashes ? { ...earlier.aspectHashes, ...link.aspectHashes } : undefined,
    } : link);
  }
  return [...byKey.values()];
}
