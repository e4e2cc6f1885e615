import { sql } from 'drizzle-orm';
import { entityLinks } from '../../../db/schema/index.js';
import { linkKey } from '../../links.js';
import { rowsOf } from '../../run-owner.js';
import { claim, heldClaim, type ClaimResult } from './claims.js';
import type { Ctx } from './clients.js';
import { ADDRESS_LINK, CUSTOMER_LINK, EMAIL_LINK, addressSuffix, buyerAddresses, contactKeys } from './contact.js';
import { ORDER_LINK } from './links.js';
import type { OrderDraft } from './record.js';

/**
 * Links read ahead, by `linkKey`: the PlentyONE id, or null when the key was asked and has no link. A
 * key missing from the map was not asked (the reader looks it up itself).
 */
export type ReadAhead = Map<string, string | null>;

/**
 * Takes the order's claim and reads the buyer's links in the same statement: the contact links
 * (customer id, e-mail) and the address links on the contact they name. A new order needs all of them,
 * one after the other, and each statement is a round trip and a transaction. The links are only what
 * the first look sees: `ensureBuyer` still reads again under a claim before it creates anything.
 *
 * `firstAttempt`: the claim row was inserted by this statement, and its snapshot held neither a claim
 * row of the order (of any run, also one being given up at this moment) nor its link. Then no attempt
 * of plentygate can have written the order: an attempt creates only under a claim, and the claim row
 * goes only with the statement that writes the order link (or after a refusal without a write, see
 * process.ts). A claim row given up while this statement waited for it is in the snapshot, so the
 * link written with that release, which the snapshot cannot show, is never missed: that case is
 * not a first attempt.
 */
export async function claimWithBuyerLinks(
  ctx: Ctx, key: string, draft: OrderDraft,
): Promise<{ claimed: ClaimResult; readAhead: ReadAhead; firstAttempt: boolean }> {
  const held = heldClaim(ctx, 'order', key);
  const contact = contactKeys(ctx, draft);
  const { billing, delivery } = buyerAddresses(draft);
  const asked = [
    { t: EMAIL_LINK, k: contact.email },
    ...(contact.customerKey ? [{ t: CUSTOMER_LINK, k: contact.customerKey }] : []),
  ];
  // Arrays through unnest: the planner knows their length and joins by the links' key index (a JSON
  // recordset counts as 100 rows, which made it scan the whole links table).
  const types = sql.param(asked.map((a) => a.t));
  const keys = sql.param(asked.map((a) => a.k));
  const suffixes = sql.param([addressSuffix(1, billing), addressSuffix(2, delivery)]);
  const now = new Date().toISOString();
  const rows = rowsOf<{ t: string; k: string; plenty_id: string | null; row: 'link' | 'claimed' | 'earlier' }>(await ctx.db.execute(sql`
    with claimed as (
      insert into ${entityLinks} (entity_type, magento_key, plenty_id, created_at, updated_at)
      values (${held.entityType}, ${held.magentoKey}, ${held.plentyId}, ${now}::timestamptz, ${now}::timestamptz)
      on conflict do nothing returning magento_key),
    buyer as (
      select a.t, a.k, l.plenty_id from unnest(${types}::text[], ${keys}::text[]) as a(t, k)
      left join ${entityLinks} l on l.entity_type = a.t and l.magento_key = a.k),
    contact as (
      select coalesce(
        (select plenty_id from buyer where t = ${CUSTOMER_LINK}),
        (select plenty_id from buyer where t = ${EMAIL_LINK} and ${contact.emailNamesContact}::boolean)) as id),
    addresses as (
      select ${ADDRESS_LINK}::text as t, c.id || s.suffix as k, l.plenty_id
      from contact c cross join unnest(${suffixes}::text[]) as s(suffix)
      left join ${entityLinks} l on l.entity_type = ${ADDRESS_LINK} and l.magento_key = c.id || s.suffix
      where c.id is not null),
    earlier as (
      select 1 from ${entityLinks}
      where (entity_type = ${held.entityType} or entity_type = ${ORDER_LINK}) and magento_key = ${held.magentoKey}
      limit 1)
    select t, k, plenty_id, 'link' as row from buyer
    union all select t, k, plenty_id, 'link' from addresses
    union all select '', magento_key, null, 'claimed' from claimed
    union all select '', '', null, 'earlier' from earlier`));
  const readAhead: ReadAhead = new Map();
  let fresh = false;
  let earlier = false;
  for (const row of rows) {
    if (row.row === 'claimed') fresh = true;
    else if (row.row === 'earlier') earlier = true;
    else readAhead.set(linkKey(row.t, row.k), row.plenty_id);
  }
  // Not inserted: the claim is held already (by this run's earlier attempt, or another run's).
  if (!fresh) return { claimed: await claim(ctx, 'order', key), readAhead, firstAttempt: false };
  return { claimed: { held: true, attempted: false }, readAhead, firstAttempt: !earlier };
}
