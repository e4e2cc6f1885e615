import type { StartedSandboxes } from '../sandbox/start.js';
import { DEMO_PAYMENT_METHODS, SOURCE_OF_WAREHOUSE } from './sandbox-profiles.js';

/** What a shopper or a warehouse just did, and what plentygate should make of it. */
export type TrafficEvent =
  | { kind: 'order'; incrementId: string; sku: string; qty: number; at: number }
  | { kind: 'stock'; sku: string; sourceCode: string; variationId: number; warehouseId: number; quantity: number; at: number };

const STORE_VIEWS = ['default', 'de'] as const;

/**
 * Simulated activity through the sandboxes' control endpoints, as a shop and a warehouse would cause
 * it: an order placed in Magento (`POST /_sandbox/orders`), a stock booking in PlentyONE
 * (`POST /_sandbox/stock`). Both sandboxes then send their webhooks to the gateway themselves.
 */
export function createTraffic(sandboxes: StartedSandboxes, random: () => number = Math.random) {
  const { catalog } = sandboxes;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const activeVariation = () => {
    for (;;) {
      const variation = catalog.variation(Math.floor(random() * catalog.variationCount));
      if (variation.active) return variation;
    }
  };

  return {
    async placeOrder(): Promise<TrafficEvent & { kind: 'order' }> {
      let lastError = '';
      // A generated product may be unavailable to shoppers (disabled parent...): try another one.
      for (let attempt = 0; attempt < 10; attempt++) {
        const sku = activeVariation().sku;
        const qty = 1 + Math.floor(random() * 2);
        const buyer = catalog.customerCount > 0 && random() < 0.6
          ? { customerId: 1 + Math.floor(random() * catalog.customerCount) }
          : { email: `guest.${Math.floor(random() * 1e6)}@example.com` };
        const at = Date.now();
        const response = await fetch(`${sandboxes.magento.url}/_sandbox/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ items: [{ sku, qty }], ...buyer, storeCode: pick(STORE_VIEWS), paymentMethod: pick(DEMO_PAYMENT_METHODS), shippingMethod: 'flatrate_flatrate' }),
        });
        const body = (await response.json()) as { increment_id?: string; message?: string };
        if (response.ok && body.increment_id) return { kind: 'order', incrementId: body.increment_id, sku, qty, at };
        lastError = `${response.status} ${body.message ?? ''}`.trim();
      }
      throw new Error(`The Magento sandbox refused ten demo orders in a row (last: ${lastError}).`);
    },

    async changeStock(): Promise<TrafficEvent & { kind: 'stock' }> {
      const variation = activeVariation();
      const warehouseId = pick([1, 2]);
      const current = sandboxes.plenty.sandbox.stores.stock.get(variation.variationId, warehouseId);
      const net = current?.stockNet ?? 0;
      // Bookings in and out, never below zero net stock (what an MSI source shows for it is then plain).
      let delta = pick([-3, -2, -1, 1, 2, 5, 10]);
      if (net + delta < 0) delta = -delta;
      const at = Date.now();
      const response = await fetch(`${sandboxes.plenty.url}/_sandbox/stock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ variationId: variation.variationId, warehouseId, delta }),
      });
      const row = (await response.json()) as { stockNet?: number; error?: string };
      if (!response.ok || row.stockNet === undefined) throw new Error(`The PlentyONE sandbox refused a stock booking: ${row.error ?? response.status}`);
      return {
        kind: 'stock', sku: variation.sku, sourceCode: SOURCE_OF_WAREHOUSE[warehouseId] ?? 'default',
        variationId: variation.variationId, warehouseId, quantity: row.stockNet, at,
      };
    },
  };
}

export type Traffic = ReturnType<typeof createTraffic>;
