import { searchCriteria, type FilterGroup, type MagentoOrder } from '../../../connectors/magento/index.js';
import type { Collected, RunContext } from '../../profile-type.js';
import type { OrderExportConfig } from './config.js';
import { magentoOf, storeCodesOf, type Ctx } from './clients.js';
import { magentoTime, type RawOrder } from './record.js';

/** Where the watermark of delta runs is kept in the profile state. */
export const WATERMARK_KEY = 'watermark';

interface IdsCheckpoint { next: number }
interface ScanCheckpoint { since: string; after?: { updatedAt: string; entityId: number } }

/**
 * Streams the orders of a run. `ids` (events, manual runs for given orders): the increment ids, each
 * looked up by searchCriteria; `delta`: orders updated since the watermark minus the overlap; `full`:
 * every order. Scans are filtered by status and store view in Magento, oldest change first, and carry
 * a checkpoint per record so a resumed run continues after the last written batch.
 */
export async function* collectOrders(ctx: Ctx, checkpoint: unknown): AsyncIterable<Collected<RawOrder>> {
  const input = ctx.run.input;
  if (input.mode === 'ids') {
    yield* collectIds(ctx, input.ids ?? [], (checkpoint as IdsCheckpoint | undefined)?.next ?? 0);
  } else {
    yield* collectScan(ctx, checkpoint as ScanCheckpoint | undefined);
  }
}

async function* collectIds(ctx: Ctx, ids: string[], from: number): AsyncIterable<Collected<RawOrder>> {
  const magento = await magentoOf(ctx);
  const unique = [...new Set(ids)];
  for (let i = from; i < unique.length; i++) {
    const id = unique[i]!;
    const criteria = searchCriteria().where('increment_id', id).sortBy('entity_id', 'ASC').pageSize(1);
    const { items } = await magento.orders.search(criteria, { signal: ctx.signal });
    const order = items[0];
    yield { key: id, raw: order ? { order } : { missing: id }, checkpoint: { next: i + 1 } satisfies IdsCheckpoint };
  }
}

async function* collectScan(ctx: Ctx, checkpoint: ScanCheckpoint | undefined): AsyncIterable<Collected<RawOrder>> {
  const since = checkpoint?.since ?? (await scanStart(ctx)).toISOString();
  const after = checkpoint?.after;
  const filters = await scanFilters(ctx);
  if (!filters) return;
  const magento = await magentoOf(ctx);
  const from = after ? magentoTime(after.updatedAt) : new Date(since);
  const orders = magento.orders.updatedSince(from, filters, { pageSize: ctx.config.collection.pageSize, signal: ctx.signal });
  for await (const order of orders) {
    if (after && !isAfter(order, after)) continue;
    const cp: ScanCheckpoint = { since, after: { updatedAt: order.updated_at, entityId: order.entity_id } };
    yield { key: order.increment_id, raw: { order }, checkpoint: cp };
  }
}

/** Orders at or before the checkpoint were written by an earlier attempt of this run. */
function isAfter(order: MagentoOrder, after: NonNullable<ScanCheckpoint['after']>): boolean {
  const a = magentoTime(order.updated_at).getTime();
  const b = magentoTime(after.updatedAt).getTime();
  return a > b || (a === b && order.entity_id > after.entityId);
}

/** Where a delta or full scan starts: the run's `since`, else the watermark minus the overlap (any profile type with a watermark). */
export async function scanStart(ctx: RunContext<Pick<OrderExportConfig, 'collection'>>): Promise<Date> {
  const epoch = new Date(0);
  if (ctx.run.input.mode === 'full') return epoch;
  if (ctx.run.input.since) return new Date(ctx.run.input.since);
  const watermark = await ctx.state.get<string>(WATERMARK_KEY);
  if (watermark) return new Date(new Date(watermark).getTime() - ctx.config.collection.overlapSeconds * 1000);
  return ctx.config.collection.initialSince ? new Date(ctx.config.collection.initialSince) : epoch;
}

/** Status and store view filters as Magento filter groups; undefined when no mapped store view exists. */
async function scanFilters(ctx: Ctx): Promise<FilterGroup[] | undefined> {
  const { filters, storeMapping } = ctx.config;
  const wanted = new Set(filters.storeViews.length ? filters.storeViews : storeMapping.map((r) => r.storeView));
  const storeIds = [...(await storeCodesOf(ctx))].filter(([, code]) => wanted.has(code)).map(([id]) => id);
  if (storeIds.length === 0) {
    ctx.log.warn({ storeViews: [...wanted] }, 'none of the mapped store views exists in Magento: nothing to collect');
    return undefined;
  }
  const groups: FilterGroup[] = [{ field: 'store_id', value: storeIds, condition: 'in' }];
  if (filters.statuses.length) groups.push({ field: 'status', value: filters.statuses, condition: 'in' });
  else if (filters.excludeStatuses.length) groups.push({ field: 'status', value: filters.excludeStatuses, condition: 'nin' });
  return groups;
}
