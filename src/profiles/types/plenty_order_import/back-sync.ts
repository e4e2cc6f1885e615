import { createHash } from 'node:crypto';
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import { orderShipments } from '../../../connectors/magento/rest/shipments.js';
import type { MagentoOrder } from '../../../connectors/magento/schemas/order.js';
import type { Order, ShippingPackage } from '../../../connectors/plenty/index.js';
import type { Outcome } from '../../profile-type.js';
import { carrierFor } from './carrier.js';
import { invoiceOrder } from './documents.js';
import type { OrderImportConfig } from './config.js';
import type { BackSyncMeta } from './order-links.js';
import { bySource, outgoingBySku, planShipment } from './shipment-plan.js';
import { compareStatus, lookupStatus } from './status.js';

/** What PlentyONE says about one exported order: the state the back-sync brings Magento to. */
export interface PlentyOrderState {
  order: Order;
  status: string;
  /** Shipping packages with a package (tracking) number; empty when the status is below the shipment status. */
  packages: ShippingPackage[];
  /** The `invoices` conditions hold: Magento invoices what it has not invoiced yet. */
  invoice?: boolean;
  /** With `shipments.requireDocument`: PlentyONE has a delivery note for the order (absent otherwise). */
  deliveryNote?: boolean;
}

export function packageNumbers(packages: readonly ShippingPackage[]): string[] {
  return packages.map((p) => (p.packageNumber ?? '').trim()).filter((n) => n !== '');
}

/** Whether the order has reached the status from which it is shipped in Magento. */
export function shipsAt(config: OrderImportConfig, status: string): boolean {
  return config.shipments.create && lookupStatus(config.statusActions, status) !== 'cancel'
    && compareStatus(status, config.shipments.minStatusId) >= 0;
}

/** Hash of what the back-sync acts on: status, package numbers and per-item outgoing quantities. */
export function stateHash(state: PlentyOrderState): string {
  const outgoing = outgoingBySku(state.order.orderItems);
  const body = JSON.stringify({
    status: state.status,
    invoice: state.invoice ?? false,
    deliveryNote: state.deliveryNote, // left out when not asked for, so the hashes of other orders stay as they were
    packages: packageNumbers(state.packages).sort(),
    outgoing: outgoing ? [...outgoing.bySku].sort(([a], [b]) => a.localeCompare(b)) : null,
  });
  return createHash('sha256').update(body).digest('hex');
}

export interface BackSyncStep {
  /** The run's record key (the PlentyONE order id), for the outcome. */
  key: string;
  config: OrderImportConfig;
  state: PlentyOrderState;
  magentoOrder: MagentoOrder;
  magento: MagentoClient;
  meta: BackSyncMeta;
  /** Persists `meta` right after each Magento write, so a crash in between never repeats that write. */
  commit(): Promise<void>;
  signal: AbortSignal;
}

export interface BackSyncResult {
  outcome: Outcome;
  /** False when the order must be looked at again even if PlentyONE does not change (held, failed). */
  settled: boolean;
}

const CLOSED_STATES = new Set(['canceled', 'closed']);
const WAITING_STATES = new Set(['holded', 'payment_review']);

/**
 * Brings one Magento order in line with its PlentyONE order: cancel (a status mapped to "cancel"),
 * shipment with tracking numbers (from `shipments.minStatusId` on), then the mapped status as a comment.
 * Each write happens once: what was done is kept in `meta`, and Magento's shipped quantities are checked.
 */
export async function applyBackSync(step: BackSyncStep): Promise<BackSyncResult> {
  const { config, state, magento, meta, signal } = step;
  let mo = step.magentoOrder;
  const key = step.key;
  const done: string[] = [];
  const notes: string[] = [];
  meta.status = state.status;
  try {
    const action = lookupStatus(config.statusActions, state.status);
    if (action === 'cancel') {
      if (mo.state !== 'canceled' && !meta.canceled) {
        const canceled = await magento.orders.cancel(mo.entity_id, { signal });
        if (!canceled) {
          return failed(key, `Magento cannot cancel order ${mo.increment_id} in state "${mo.state}" (PlentyONE order ${state.order.id} has status ${state.status}): `
            + 'a shipped or completed order needs a credit memo, a held one must be released first.');
        }
        done.push('canceled');
      }
      meta.canceled = true;
      await step.commit();
      return result(key, done, ['already canceled']);
    }
    if (action === 'hold') {
      // Held: nothing else changes until PlentyONE releases it (a status mapped to unhold).
      if (mo.state === 'holded') return result(key, done, ['already on hold']);
      if (CLOSED_STATES.has(mo.state) || mo.state === 'complete') return result(key, done, [`not held: the Magento order is ${mo.state}`]);
      await magento.orders.hold(mo.entity_id, { signal });
      return result(key, ['held'], []);
    }
    if (action === 'unhold' && mo.state === 'holded') {
      await magento.orders.unhold(mo.entity_id, { signal });
      done.push('released');
      mo = await magento.orders.get(mo.entity_id, { signal });
    }
    if (state.invoice && !WAITING_STATES.has(mo.state)) {
      const invoiced = await invoiceOrder(mo, magento, signal);
      if (invoiced) {
        done.push(invoiced);
        mo = await magento.orders.get(mo.entity_id, { signal });
      }
    }

    if (shipsAt(config, state.status)) {
      const shipping = await ship({ ...step, magentoOrder: mo });
      if (shipping.waiting) return { outcome: { key, result: 'skipped', reason: shipping.waiting }, settled: false };
      done.push(...shipping.done);
      notes.push(...shipping.notes);
    }

    const mapped = lookupStatus(config.statusMap, state.status);
    if (mapped !== undefined && CLOSED_STATES.has(mo.state)) {
      notes.push(`status ${mapped} not set: the Magento order is ${mo.state}`);
    } else if (mapped !== undefined && meta.commentedStatus !== state.status) {
      const name = state.order.statusName?.trim();
      // The status first, then the comment carrying it: from 2.4.7 a comment no longer changes the
      // status (magento/magento2#38723), and a comment always names the current one (#34180).
      if (mo.status !== mapped) await magento.orders.setStatus(mo.entity_id, { status: mapped }, { signal });
      await magento.orders.addComment(mo.entity_id, {
        comment: `PlentyONE order ${state.order.id}: ${name ? name : `status ${state.status}`}`,
        status: mapped,
      }, { signal });
      meta.commentedStatus = state.status;
      await step.commit();
      done.push(`status ${mapped}`);
    }
    await step.commit();
    return result(key, done, notes.length ? notes : [`nothing to change for PlentyONE status ${state.status}`]);
  } catch (error) {
    if (error instanceof PermanentApiError) {
      const before = done.length ? ` (after: ${done.join(', ')})` : '';
      return failed(key, `Magento refused the change for order ${mo.increment_id}${before}: ${error.message}`);
    }
    throw error;
  }
}

interface ShipResult {
  done: string[];
  notes: string[];
  /** Set when the order cannot be shipped now but may be later without a change in PlentyONE. */
  waiting?: string;
}

async function ship(step: BackSyncStep): Promise<ShipResult> {
  const { config, state, magentoOrder: mo, magento, meta, signal } = step;
  if (CLOSED_STATES.has(mo.state)) return { done: [], notes: [`not shipped: the Magento order is ${mo.state}`] };
  if (WAITING_STATES.has(mo.state)) {
    return { done: [], notes: [], waiting: `Magento order ${mo.increment_id} is ${mo.state === 'holded' ? 'on hold' : 'in payment review'}; shipped once it is released.` };
  }
  if (config.shipments.requireDocument && !state.deliveryNote) {
    return { done: [], notes: ['not shipped yet: PlentyONE has no delivery note for the order'] };
  }
  const numbers = packageNumbers(state.packages);
  if (config.shipments.requireTrackingNumber && numbers.length === 0) {
    return { done: [], notes: ['not shipped yet: no shipping package with a tracking number'] };
  }
  let fresh = numbers.filter((n, i) => !meta.packages.includes(n) && numbers.indexOf(n) === i);
  if (fresh.length > 0) {
    // Tracks Magento already has (the merchant's own shipment, exported to PlentyONE as a package, or a
    // shipment whose answer was lost) are never sent back to it.
    const known = new Set((await orderShipments(magento.rest, mo.entity_id, { signal })).flatMap((s) => (s.tracks ?? []).map((t) => t.track_number.trim())));
    const already = fresh.filter((n) => known.has(n));
    if (already.length > 0) {
      meta.packages.push(...already);
      fresh = fresh.filter((n) => !known.has(n));
    }
  }
  const carrier = carrierFor(config, state.order);
  const items = planShipment(mo.items, outgoingBySku(state.order.orderItems));
  if (items.length > 0) {
    const done: string[] = [];
    // One shipment per MSI source; the tracking numbers go with the first. A run that stops in between
    // ships the rest next time: Magento's shipped quantities say what is left.
    for (const [source, group] of bySource(config, state.order, mo, items)) {
      const tracks = fresh.map((n) => ({ track_number: n, title: carrier.title, carrier_code: carrier.carrierCode }));
      meta.pendingPackages = fresh;
      await step.commit();
      const shipmentId = await magento.orders.ship(mo.entity_id, group, tracks, { notify: config.shipments.notifyCustomer, signal, ...(source ? { sourceCode: source } : {}) });
      meta.shipmentIds.push(shipmentId);
      meta.packages.push(...fresh);
      meta.pendingPackages = [];
      await step.commit();
      const qty = group.reduce((s, i) => s + i.qty, 0);
      done.push(`shipped ${qty} item(s)${source ? ` from ${source}` : ''}${fresh.length ? ` with ${fresh.join(', ')}` : ''}`);
      fresh = [];
    }
    return { done, notes: [] };
  }
  if (meta.pendingPackages.length > 0) {
    // The last shipment call got no answer, yet nothing is left to ship: it landed, with these tracks.
    meta.packages.push(...meta.pendingPackages.filter((n) => !meta.packages.includes(n)));
    meta.pendingPackages = [];
    await step.commit();
    fresh = fresh.filter((n) => !meta.packages.includes(n));
  }
  if (fresh.length > 0) {
    // Nothing left to ship (an earlier shipment took every line): the tracking number still reaches the merchant.
    await magento.orders.addComment(mo.entity_id, {
      comment: `PlentyONE order ${state.order.id}: tracking number ${fresh.join(', ')} (${carrier.title}); every item was already shipped.`,
      status: mo.status, // unchanged: without it, releases before AC-1342 would clear it (magento/magento2#34180)
    }, { signal });
    meta.packages.push(...fresh);
    await step.commit();
    return { done: [`tracking ${fresh.join(', ')} as comment`], notes: [] };
  }
  return { done: [], notes: ['every item already shipped'] };
}

function result(key: string, done: string[], notes: string[]): BackSyncResult {
  return done.length
    ? { outcome: { key, result: 'updated' }, settled: true }
    : { outcome: { key, result: 'skipped', reason: notes.join('; ') }, settled: true };
}

function failed(key: string, reason: string): BackSyncResult {
  return { outcome: { key, result: 'failed', reason }, settled: false };
}

