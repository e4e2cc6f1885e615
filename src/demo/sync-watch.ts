import type { RunResult } from '../profiles/runner.js';
import type { StartedSandboxes } from '../sandbox/start.js';

/**
 * Watches both sandboxes for what plentygate writes and prints one line per sync as it happens:
 *   order 000000123 → PlentyONE order 17 (312 ms after the order was placed)
 *   stock PG-0000042 berlin 12 → 9 (180 ms after the change in PlentyONE)
 * It looks at the targets, not at plentygate's own bookkeeping, so a line means the data really arrived.
 * Waiting callers (`--once`) get a promise per expected sync.
 */
export interface SyncWatcher {
  /** From now on, print each write (the full import before this is reported by its progress bar). */
  goLive(): void;
  /** Resolves when the Magento order reached PlentyONE. */
  expectOrder(incrementId: string, placedAt: number): Promise<void>;
  /** Resolves when the MSI source item of `sku` holds `quantity`. */
  expectStock(sku: string, sourceCode: string, quantity: number, changedAt: number): Promise<void>;
  /** The worker's hook: runs with failed records are printed with their reasons. */
  runFinished(typeId: string, result: RunResult): void;
  close(): void;
}

interface Waiting {
  since: number;
  resolve: () => void;
}

export function watchSyncs(
  sandboxes: StartedSandboxes,
  options: { print: (line: string) => void; failureReasons: (runId: number) => Promise<string[]>; pollMs?: number },
): SyncWatcher {
  const { print } = options;
  let live = false;
  const orders = sandboxes.plenty.sandbox.stores.orders;
  const inventory = sandboxes.magento.sandbox.store.inventory;
  const waitingOrders = new Map<string, Waiting>();
  const waitingStock = new Map<string, Waiting & { quantity: number }>();
  const plentyOrderOf = new Map<string, number>();
  // The last write per source item, so an expectation registered after its sync still resolves.
  const lastWrite = new Map<string, { quantity: number; at: number }>();

  // Orders: PlentyONE keeps the Magento increment id as order property 7; new orders are checked by id.
  let lastOrderId = 0;
  const pollOrders = (): void => {
    for (const order of orders.all()) {
      if (order.id <= lastOrderId) continue;
      lastOrderId = Math.max(lastOrderId, order.id);
      const external = orders.externalOrderId(order);
      if (external === undefined) continue;
      const earlier = plentyOrderOf.get(external);
      if (earlier !== undefined) {
        print(`! order ${external} reached PlentyONE twice: orders ${earlier} and ${order.id}`);
        continue;
      }
      plentyOrderOf.set(external, order.id);
      const waiting = waitingOrders.get(external);
      waitingOrders.delete(external);
      if (live || waiting) print(`order ${external} → PlentyONE order ${order.id}${waiting ? ` (${Date.now() - waiting.since} ms after the order was placed)` : ''}`);
      waiting?.resolve();
    }
  };
  const timer = setInterval(pollOrders, options.pollMs ?? 50);
  timer.unref();

  // Stock: the Magento sandbox tells its listeners about each write before committing it, so the
  // quantity still stored is the one before.
  const unsubscribe = sandboxes.magento.sandbox.store.subscribe((change) => {
    if (change.entity !== 'source_item') return;
    const { sku, sourceCode, quantity } = change.sourceItem;
    const key = `${sku}|${sourceCode}`;
    lastWrite.set(key, { quantity, at: Date.now() });
    const waiting = waitingStock.get(key);
    const matches = waiting !== undefined && waiting.quantity === quantity;
    if (!live && !matches) return;
    const before = inventory.itemsOf(sku).find((i) => i.sourceCode === sourceCode)?.quantity;
    if (before === quantity && !matches) return;
    print(`stock ${sku} ${sourceCode} ${before ?? '(none)'} → ${quantity}${matches ? ` (${Date.now() - waiting.since} ms after the change in PlentyONE)` : ''}`);
    if (matches) {
      waitingStock.delete(key);
      waiting.resolve();
    }
  });

  return {
    goLive() {
      pollOrders(); // orders from before (none on fresh data) are not news
      live = true;
    },
    expectOrder(incrementId, placedAt) {
      if (plentyOrderOf.has(incrementId)) return Promise.resolve();
      return new Promise((resolve) => waitingOrders.set(incrementId, { since: placedAt, resolve }));
    },
    expectStock(sku, sourceCode, quantity, changedAt) {
      const last = lastWrite.get(`${sku}|${sourceCode}`);
      if (last && last.quantity === quantity && last.at >= changedAt) return Promise.resolve();
      return new Promise((resolve) => waitingStock.set(`${sku}|${sourceCode}`, { since: changedAt, quantity, resolve }));
    },
    runFinished(typeId, result) {
      if (result.status !== 'failed' && result.failed === 0) return;
      void options.failureReasons(result.runId).then(
        (reasons) => {
          print(`! ${typeId} run ${result.runId} ${result.status}: ${result.failed} failed${reasons.length ? `: ${reasons.join('; ')}` : ''}`);
        },
        () => print(`! ${typeId} run ${result.runId} ${result.status}: ${result.failed} failed`),
      );
    },
    close() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
