/**
 * What the order import does with each collected order, decided before anything is written, and the
 * back-sync of one linked order: shared by the process stage and the dry run's preview (preview.ts).
 */
import { connectorsOf } from '../../../connectors/services.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { MagentoOrder } from '../../../connectors/magento/schemas/order.js';
import type { Order, PlentyClient } from '../../../connectors/plenty/index.js';
import type { EntityLink } from '../../links.js';
import type { Outcome, RunContext } from '../../profile-type.js';
import { applyBackSync, shipsAt, stateHash, type PlentyOrderState } from './back-sync.js';
import { loadOrder, type CollectedOrder } from './collect.js';
import type { OrderImportConfig } from './config.js';
import { CREDIT_NOTE_TYPE, hasDocument, invoiceBlocker, RETURN_TYPE, returnOutcome } from './documents.js';
import { completeImport, importFollowUpsDue } from './import-batch.js';
import { importBlocker } from './marketplace-filter.js';
import { BACK_SYNC_ASPECT, backSyncMetaOf, saveBackSync } from './order-links.js';
import { statusKey } from './status.js';

type Ctx = RunContext<OrderImportConfig>;

/** The profile's two clients. */
export const clients = async (ctx: Ctx): Promise<{ plenty: PlentyClient; magento: MagentoClient }> => {
  const connectors = connectorsOf(ctx);
  const [plenty, magento] = await Promise.all([
    connectors.plenty(ctx.config.connection.plenty),
    connectors.magento(ctx.config.connection.magento),
  ]);
  return { plenty, magento };
};

/** A linked order whose PlentyONE state changed: what the back-sync brings its Magento order to. */
export interface BackSyncPlan { link: EntityLink; state: PlentyOrderState; hash: string }

/**
 * What a run does with one collected order, decided before anything is written (the process stage, and
 * the dry run's preview): an outcome known now, a credit note to refund, a marketplace order to import,
 * or a linked order to back-sync.
 */
type OrderPlan =
  | { kind: 'outcome'; outcome: Outcome }
  | { kind: 'creditNote'; order: Order }
  | { kind: 'import'; order: Order; mapped?: Record<string, unknown> | undefined }
  | ({ kind: 'backSync' } & BackSyncPlan);

/** A batch sorted by plan: outcomes known now, marketplace orders to import, linked orders to back-sync, credit notes. */
export interface PlannedBatch {
  outcomes: Outcome[];
  imports: { key: string; order: Order; mapped?: Record<string, unknown> | undefined }[];
  backSyncs: (BackSyncPlan & { key: string })[];
  creditNotes: { key: string; order: Order }[];
}

export async function planOrders(ctx: Ctx, plenty: PlentyClient, batch: readonly { key: string; record: CollectedOrder }[]): Promise<PlannedBatch> {
  const planned: PlannedBatch = { outcomes: [], imports: [], backSyncs: [], creditNotes: [] };
  for (const { key, record } of batch) {
    const plan = await planOrder(ctx, plenty, key, record);
    if (plan.kind === 'outcome') planned.outcomes.push(plan.outcome);
    else if (plan.kind === 'import') planned.imports.push({ key, order: plan.order, mapped: plan.mapped });
    else if (plan.kind === 'creditNote') planned.creditNotes.push({ key, order: plan.order });
    else planned.backSyncs.push({ key, ...plan });
  }
  return planned;
}

async function planOrder(ctx: Ctx, plenty: PlentyClient, key: string, record: CollectedOrder): Promise<OrderPlan> {
  const order = record.order ?? (await loadOrder(plenty, record.orderId, ctx.signal));
  if (!order) {
    return { kind: 'outcome', outcome: record.link
      ? { key, result: 'failed', reason: `PlentyONE has no order ${record.orderId} (linked to Magento order ${record.link.magentoKey}).` }
      : { key, result: 'skipped', reason: `PlentyONE has no order ${record.orderId}.` } };
  }
  if (order.typeId === CREDIT_NOTE_TYPE) return { kind: 'creditNote', order };
  if (order.typeId === RETURN_TYPE) return { kind: 'outcome', outcome: returnOutcome(key, order) };
  if (!record.link) {
    const blocker = importBlocker(order, ctx.config);
    return blocker
      ? { kind: 'outcome', outcome: { key, result: 'skipped', reason: `PlentyONE order ${order.id} was not exported by plentygate and is not imported: ${blocker}.` } }
      : { kind: 'import', order, mapped: record.mapped };
  }
  const status = statusKey(order.statusId);
  const meta = backSyncMetaOf(record.link);
  // Packages only matter once the order ships, payments while it is not invoiced: else they cost no call.
  const packages = shipsAt(ctx.config, status) ? await plenty.orders.shippingPackages(order.id, ctx.signal) : [];
  const invoice = ctx.config.invoices.create && !meta.invoiced && (await invoiceBlocker(ctx.config, order, plenty, ctx.signal)) === undefined;
  const state: PlentyOrderState = { order, status, packages, invoice, ...(ctx.config.shipments.requireDocument ? { deliveryNote: hasDocument(order, 'delivery_note') } : {}) };
  const hash = stateHash(state);
  if (record.link.aspectHashes?.[BACK_SYNC_ASPECT] === hash && !importFollowUpsDue(ctx.config, record.link)) {
    return { kind: 'outcome', outcome: { key, result: 'skipped', reason: UNCHANGED } };
  }
  return { kind: 'backSync', link: record.link, state, hash };
}

/** The reason of a linked order whose PlentyONE state is what the back-sync last applied. */
export const UNCHANGED = 'unchanged since the last back-sync';

/**
 * Brings one linked Magento order in line with its PlentyONE order: an imported order's follow-ups
 * (completeImport), then the back-sync (applyBackSync); what was done is kept in the link, and the
 * state's hash only once the order is settled (a held or refused one is tried again on the next run).
 */
export async function backSyncOrder(ctx: Ctx, plenty: PlentyClient, magento: MagentoClient, plan: BackSyncPlan & { key: string }, magentoOrder: MagentoOrder | undefined): Promise<Outcome> {
  const { key, link, state, hash } = plan;
  if (!magentoOrder) return { key, result: 'failed', reason: `Magento has no order ${link.magentoKey} (linked to PlentyONE order ${link.plentyId}).` };
  const meta = backSyncMetaOf(link);
  const commit = () => saveBackSync(ctx.links, link, meta, undefined);
  const completed = await completeImport(ctx, plenty, magento, link, meta, magentoOrder, commit);
  const { outcome, settled } = await applyBackSync({ key, config: ctx.config, state, magentoOrder, magento, meta, signal: ctx.signal, commit });
  if (state.invoice && outcome.result !== 'failed') meta.invoiced = true;
  if (settled) await saveBackSync(ctx.links, link, meta, hash);
  else await commit();
  return completed.length && outcome.result === 'skipped' ? { key, result: 'updated', note: completed.join(', ') } : outcome;
}

