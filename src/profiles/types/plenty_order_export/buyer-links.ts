import { runStatement } from '../../../db/driver.js';
import { linkKey, type EntityLink } from '../../links.js';
import { claim, heldClaim, heldClaimType, type ClaimResult } from './claims.js';
import type { Ctx } from './clients.js';
import { ADDRESS_LINK, CUSTOMER_LINK, EMAIL_LINK, addressSuffix, buyerAddresses, contactKeys } from './contact.js';
import { ORDER_LINK } from './links.js';
import type { OrderDraft } from './record.js';
import { VARIATION_LINK } from './variations.js';

/**
 * Links read ahead, by `linkKey`: the PlentyONE id, or null when the key was asked and has no link. A
 * key missing from the map was not asked (the reader looks it up itself).
 */
export type ReadAhead = Map<string, string | null>;

/** What `readAndClaim` found: the order's link, its SKUs' variation links, the claim and the buyer's links. */
export interface OrderLinks {
  /** The order's link: the order was exported before (no claim is taken then). */
  link: EntityLink | undefined;
  /** PlentyONE variation ids of the draft's SKUs by SKU, from `variation` links (SKUs without one are missing). */
  variations: Map<string, Pick<EntityLink, 'plentyId'>>;
  /** Undefined when no claim was asked for (`claim` false) or the order has a link. */
  claimed: ClaimResult | undefined;
  readAhead: ReadAhead;
  firstAttempt: boolean;
}

/**
 * Reads everything a new order needs from the link table and takes its claim, by one statement: the
 * order's own link, its SKUs' variation links, the buyer's contact links (customer id, e-mail) and the
 * address links on the contact they name. Each statement is a round trip and a transaction, and a new
 * order needs all of them. The claim is taken only when `claim` is asked (the order is to be written
 * now: settled, not filtered out) and the order has no link; the buyer's links are only what the first
 * look sees: `ensureBuyer` still reads again under a claim before it creates anything.
 *
 * `firstAttempt`: the claim row was inserted by this statement, and its snapshot held neither a claim
 * row of the order (of any run, also one being given up at this moment) nor its link. Then no attempt
 * of plentygate can have written the order: an attempt creates only under a claim, and the claim row
 * goes only with the statement that writes the order link (or after a refusal without a write, see
 * process.ts). A claim row given up while this statement waited for it is in the snapshot, so the
 * link written with that release, which the snapshot cannot show, is never missed: that case is
 * not a first attempt.
 */
export async function readAndClaim(ctx: Ctx, key: string, draft: OrderDraft, options: { claim: boolean }): Promise<OrderLinks> {
  const held = heldClaim(ctx, 'order', key);
  const contact = contactKeys(ctx, draft);
  const { billing, delivery } = buyerAddresses(draft);
  const asked = [
    { t: EMAIL_LINK, k: contact.email },
    ...(contact.customerKey ? [{ t: CUSTOMER_LINK, k: contact.customerKey }] : []),
  ];
  // A fixed text: a named prepared statement on postgres.js.
  const rows = await runStatement<{ t: string; k: string; plenty_id: string | null; row: 'link' | 'order' | 'variation' | 'claimed' | 'earlier'; data: StoredLink | null }>(ctx.db, READ_AND_CLAIM, [
    key, held.plentyId, new Date().toISOString(), options.claim,
    [...new Set(draft.lines.map((l) => l.sku))],
    asked.map((a) => a.t), asked.map((a) => a.k), contact.emailNamesContact,
    [addressSuffix(1, billing), addressSuffix(2, delivery)],
  ], true);
  const readAhead: ReadAhead = new Map();
  const variations = new Map<string, Pick<EntityLink, 'plentyId'>>();
  let link: EntityLink | undefined;
  let fresh = false;
  let earlier = false;
  for (const row of rows) {
    if (row.row === 'claimed') fresh = true;
    else if (row.row === 'earlier') earlier = true;
    else if (row.row === 'order') link = linkOf(row.data!);
    else if (row.row === 'variation') variations.set(row.k, { plentyId: row.plenty_id! });
    else readAhead.set(linkKey(row.t, row.k), row.plenty_id);
  }
  if (link || !options.claim) return { link, variations, claimed: undefined, readAhead, firstAttempt: false };
  // Not inserted: the claim is held already (by this run's earlier attempt, or another run's).
  if (!fresh) return { link, variations, claimed: await claim(ctx, 'order', key), readAhead, firstAttempt: false };
  return { link, variations, claimed: { held: true, attempted: false }, readAhead, firstAttempt: !earlier };
}

const CLAIM = heldClaimType('order');

/**
 * `readAndClaim`'s statement, a fixed text: $1 order key, $2 claim owner, $3 now, $4 whether to claim,
 * $5 SKUs, $6/$7 contact link types and keys, $8 whether the e-mail link alone names the contact, $9 the
 * address key suffixes. It runs as a named prepared statement on PostgreSQL (one round trip, no parse or
 * plan per order, no drizzle query building, which cost more CPU than the statement), so PostgreSQL may
 * keep one plan for any values, planned not knowing how many keys the arrays hold: every link is
 * therefore looked up by a lateral subquery on the key index (a LIMIT keeps it one), never by a join the
 * planner could turn into a scan of the whole table (test/profiles/order-export-once.test.ts checks the plan).
 */
export const READ_AND_CLAIM = `
  with link as (
    select * from entity_links where entity_type = '${ORDER_LINK}' and magento_key = $1),
  claimed as (
    insert into entity_links (entity_type, magento_key, plenty_id, created_at, updated_at)
    select '${CLAIM}', $1, $2, $3::timestamptz, $3::timestamptz
    where $4::boolean and not exists (select 1 from link)
    on conflict do nothing returning magento_key),
  variations as (
    select s.k, l.plenty_id from unnest($5::text[]) as s(k)
    cross join lateral (select plenty_id from entity_links where entity_type = '${VARIATION_LINK}' and magento_key = s.k limit 1) l),
  buyer as (
    select a.t, a.k, l.plenty_id from unnest($6::text[], $7::text[]) as a(t, k)
    left join lateral (select plenty_id from entity_links where entity_type = a.t and magento_key = a.k limit 1) l on true),
  contact as (
    select coalesce(
      (select plenty_id from buyer where t = '${CUSTOMER_LINK}'),
      (select plenty_id from buyer where t = '${EMAIL_LINK}' and $8::boolean)) as id),
  addresses as (
    select '${ADDRESS_LINK}'::text as t, c.id || s.suffix as k, l.plenty_id
    from contact c cross join unnest($9::text[]) as s(suffix)
    left join lateral (select plenty_id from entity_links where entity_type = '${ADDRESS_LINK}' and magento_key = c.id || s.suffix limit 1) l on true
    where c.id is not null),
  earlier as (
    select 1 from entity_links where entity_type = '${CLAIM}' and magento_key = $1)
  select t, k, plenty_id, 'link' as row, null::jsonb as data from buyer
  union all select t, k, plenty_id, 'link', null from addresses
  union all select '', k, plenty_id, 'variation', null from variations
  union all select '', magento_key, plenty_id, 'order', to_jsonb(link) from link
  union all select '', magento_key, null, 'claimed', null from claimed
  union all select '', '', null, 'earlier', null from earlier`;

/** An `entity_links` row as `to_jsonb` gives it. */
interface StoredLink {
  entity_type: string;
  magento_key: string;
  plenty_id: string;
  hash: string | null;
  aspect_hashes: Record<string, string> | null;
  meta: Record<string, unknown> | null;
  last_written_at: string | null;
  created_at: string;
  updated_at: string;
}

const linkOf = (row: StoredLink): EntityLink => ({
  entityType: row.entity_type,
  magentoKey: row.magento_key,
  plentyId: row.plenty_id,
  hash: row.hash,
  aspectHashes: row.aspect_hashes,
  meta: row.meta,
  lastWrittenAt: row.last_written_at === null ? null : new Date(row.last_written_at),
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});
