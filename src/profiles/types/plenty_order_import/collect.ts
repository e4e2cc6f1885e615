import { PermanentApiError } from '../../../connectors/errors.js';
import type { Order, PlentyClient } from '../../../connectors/plenty/index.js';
import type { EntityLink } from '../../links.js';
import type { Collected, RunContext } from '../../profile-type.js';
import type { OrderImportConfig } from './config.js';
import { CREDIT_NOTE_TYPE, parentOrderId } from './documents.js';
import { importBlocker } from './marketplace-filter.js';
import { linksByPlentyOrderIds } from './order-links.js';

/**
 * Relations the import reads: SKUs and, where the system has them, per-item outgoing bookings; the
 * addresses of a marketplace order; the parent of a credit note; the invoice documents.
 */
export const ORDER_RELATIONS = ['orderItems.variation', 'orderItems.transactions', 'addresses', 'relations', 'documents'];
export const WATERMARK_KEY = 'watermark';
/** Profile state: PlentyONE order ids that could not be imported yet, read again by every delta run. */
export const RETRY_KEY = 'retryOrders';

/** One collected PlentyONE order id: its link (absent: not an order plentygate exported) and the order. */
export interface CollectedOrder {
  orderId: string;
  link?: EntityLink;
  /** Delta scans have it; event runs load it in the batch. */
  order?: Order;
  /** What the profile's mapping wrote over the Magento order of a marketplace order (mapping-fields.ts). */
  mapped?: Record<string, unknown>;
}

type Ctx = RunContext<OrderImportConfig>;

/**
 * Event runs (`ids`): the named PlentyONE order ids, linked or not (an unlinked one is reported as
 * skipped). Delta and full runs: `orders.updatedSince(watermark − overlap)` page by page, keeping only
 * linked orders, with one link query per page; the checkpoint is the next page of the same scan.
 */
export async function* collectOrders(ctx: Ctx, plenty: PlentyClient, checkpoint: unknown): AsyncGenerator<Collected<CollectedOrder>> {
  const input = ctx.run.input;
  if (input.mode === 'ids') {
    const start = typeof checkpoint === 'number' ? checkpoint : 0;
    const ids = [...new Set(input.ids ?? [])];
    const links = await linksByPlentyOrderIds(ctx.db, ids.filter((id) => /^\d+$/.test(id)));
    for (let i = start; i < ids.length; i++) {
      const orderId = ids[i] as string;
      yield { key: orderId, raw: { orderId, link: links.get(orderId) }, checkpoint: i + 1 };
    }
    return;
  }
  const saved = isScanCheckpoint(checkpoint) ? checkpoint : undefined;
  if (!saved) {
    // Orders that were incomplete or refused last time: looked at again, whether or not they changed.
    const retry = (await ctx.state.get<string[]>(RETRY_KEY)) ?? [];
    const links = await linksByPlentyOrderIds(ctx.db, retry);
    for (const orderId of retry) yield { key: orderId, raw: { orderId, link: links.get(orderId) } };
  }
  const from = saved?.from ?? (await scanStart(ctx));
  const scan = plenty.orders.updatedSince(from, {
    with: ORDER_RELATIONS,
    pageSize: ctx.config.collection.pageSize,
    startPage: saved?.page ?? 1,
    signal: ctx.signal,
  });
  for await (const page of scan.pages()) {
    const parents = page.entries.map(parentOrderId).filter((id): id is number => id !== undefined);
    const links = await linksByPlentyOrderIds(ctx.db, [...page.entries.map((o) => o.id), ...parents]);
    // Linked orders (back-sync), credit notes of linked orders, and marketplace orders to import.
    const linked = page.entries.filter((o) => links.has(String(o.id))
      || (o.typeId === CREDIT_NOTE_TYPE && ctx.config.creditMemos.create && links.has(String(parentOrderId(o))))
      || importBlocker(o, ctx.config) === undefined);
    const next: ScanCheckpoint = { from, page: page.page + 1 };
    for (const [i, order] of linked.entries()) {
      const orderId = String(order.id);
      yield { key: orderId, raw: { orderId, link: links.get(orderId), order }, ...(i === linked.length - 1 ? { checkpoint: next } : {}) };
    }
  }
}

interface ScanCheckpoint {
  from: string;
  page: number;
}

function isScanCheckpoint(value: unknown): value is ScanCheckpoint {
  return typeof value === 'object' && value !== null && typeof (value as ScanCheckpoint).from === 'string'
    && typeof (value as ScanCheckpoint).page === 'number';
}

/** Where a delta scan starts: the run's `since`, else the watermark less the overlap, else initialSince or the beginning. */
async function scanStart(ctx: Ctx): Promise<string> {
  const { input } = ctx.run;
  if (input.mode === 'full') return new Date(0).toISOString();
  if (input.since) return input.since;
  const watermark = await ctx.state.get<string>(WATERMARK_KEY);
  if (watermark) return new Date(Date.parse(watermark) - ctx.config.collection.overlapSeconds * 1000).toISOString();
  return ctx.config.collection.initialSince ?? new Date(0).toISOString();
}

/** Loads an order an event named; undefined when PlentyONE does not know it (deleted, wrong id). */
export async function loadOrder(plenty: PlentyClient, orderId: string, signal: AbortSignal): Promise<Order | undefined> {
  try {
    return await plenty.orders.get(Number(orderId), ORDER_RELATIONS, signal);
  } catch (error) {
    if (error instanceof PermanentApiError && error.status === 404) return undefined;
    throw error;
  }
}
