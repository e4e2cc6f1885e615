import { searchCriteria, type MagentoCustomer } from '../../../connectors/magento/index.js';
import { linkPages } from '../../link-pages.js';
import { CUSTOMER_LINK } from '../plenty_order_export/contact.js';
import type { Collected } from '../../profile-type.js';
import { scanStart } from '../plenty_order_export/collect.js';
import { magentoTime } from '../plenty_order_export/record.js';
import { magentoOf, storeCodesOf, wantedStoreViews, type Ctx } from './clients.js';
import type { RawCustomer } from './record.js';

/** Delta runs start at the watermark (kept at the same state key as the order export's) minus the overlap. */
export { WATERMARK_KEY } from '../plenty_order_export/collect.js';

interface IdsCheckpoint { next: number }
interface ScanCheckpoint { since: string; after?: { updatedAt: string; id: number } }

/**
 * Streams the customers of a run through Magento's admin REST search (`/V1/customers/search`): the
 * storefront GraphQL API answers only for the signed-in customer and cannot list customers.
 * `ids` (webhooks, manual runs): customer ids or e-mails, as Magento's customer events carry either;
 * `delta`: customers updated since the watermark minus the overlap; `full`: every customer, then
 * (`scanDeletions`) the linked customers Magento no longer has. Scans are filtered to the exported store
 * views, oldest change first, with a checkpoint per record.
 */
export async function* collectCustomers(ctx: Ctx, checkpoint: unknown): AsyncIterable<Collected<RawCustomer>> {
  const input = ctx.run.input;
  if (input.mode === 'ids') {
    yield* collectIds(ctx, input.ids ?? [], (checkpoint as IdsCheckpoint | undefined)?.next ?? 0);
  } else {
    yield* collectScan(ctx, checkpoint as ScanCheckpoint | undefined);
  }
}

async function* collectIds(ctx: Ctx, ids: string[], from: number): AsyncIterable<Collected<RawCustomer>> {
  const magento = await magentoOf(ctx);
  const unique = [...new Set(ids.map((id) => id.trim()))];
  for (let i = from; i < unique.length; i++) {
    const id = unique[i]!;
    const byEmail = id.includes('@');
    const criteria = searchCriteria().where(byEmail ? 'email' : 'entity_id', id).sortBy('entity_id', 'ASC').pageSize(1);
    const { items } = byEmail || /^\d+$/.test(id) ? await magento.customers.search(criteria, { signal: ctx.signal }) : { items: [] };
    const customer = items[0];
    yield { key: customer ? String(customer.id) : id, raw: customer ? { customer } : { missing: id }, checkpoint: { next: i + 1 } satisfies IdsCheckpoint, retryId: id };
  }
}

async function* collectScan(ctx: Ctx, checkpoint: ScanCheckpoint | undefined): AsyncIterable<Collected<RawCustomer>> {
  const since = checkpoint?.since ?? (await scanStart(ctx)).toISOString();
  const after = checkpoint?.after;
  const wanted = wantedStoreViews(ctx.config);
  const storeIds = [...(await storeCodesOf(ctx))].filter(([, code]) => wanted.has(code)).map(([id]) => id);
  if (storeIds.length === 0) {
    ctx.log.warn({ storeViews: [...wanted] }, 'none of the exported store views exists in Magento: nothing to collect');
    return;
  }
  const magento = await magentoOf(ctx);
  const from = after ? magentoTime(after.updatedAt) : new Date(since);
  const customers = magento.customers.updatedSince(from, [{ field: 'store_id', value: storeIds, condition: 'in' }], {
    pageSize: ctx.config.collection.pageSize, signal: ctx.signal,
  });
  // A resumed run has not seen the customers before its checkpoint: only a whole full scan says who is gone.
  const seen = ctx.config.scanDeletions && ctx.run.input.mode === 'full' && checkpoint === undefined ? new Set<string>() : undefined;
  let cp: ScanCheckpoint = { since };
  for await (const customer of customers) {
    if (after && !isAfter(customer, after)) continue;
    seen?.add(String(customer.id));
    cp = { since, after: { updatedAt: customer.updated_at ?? since, id: customer.id } };
    yield { key: String(customer.id), raw: { customer }, checkpoint: cp };
  }
  if (!seen) return;
  // Linked customers the scan did not list: gone, or in a store view the profile does not export. Magento
  // is asked 300 at a time; one it no longer has goes the way of a deleted customer (transform: `missing`).
  for await (const page of linkPages(ctx.db, CUSTOMER_LINK, SEARCH_CHUNK)) {
    const unseen = page.map((l) => l.magentoKey).filter((id) => /^\d+$/.test(id) && !seen.has(id));
    if (unseen.length === 0) continue;
    const { items } = await magento.customers.search(searchCriteria().where('entity_id', unseen, 'in').pageSize(unseen.length), { signal: ctx.signal });
    const found = new Set(items.map((c) => String(c.id)));
    for (const id of unseen) if (!found.has(id)) yield { key: id, raw: { missing: id }, checkpoint: cp };
  }
}

/** Magento's largest page: ids per search. */
const SEARCH_CHUNK = 300;

/** Customers at or before the checkpoint were written by an earlier attempt of this run. */
function isAfter(customer: MagentoCustomer, after: NonNullable<ScanCheckpoint['after']>): boolean {
  const a = magentoTime(customer.updated_at ?? '').getTime();
  const b = magentoTime(after.updatedAt).getTime();
  return a > b || (a === b && customer.id > after.id);
}
