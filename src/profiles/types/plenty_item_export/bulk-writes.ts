/**
 * Writes a batch collects from all its records and sends through PlentyONE's bulk routes (at most
 * 50 rows a call): sales prices and category links. PlentyONE answers which rows it refused; a
 * variation's aspect is marked written only when none of its rows was refused, and the refusals are
 * handed back per variation so its record fails with the reason while the rest of the batch goes on.
 */
import type { CategoryLinkRow, PlentyClient, PriceRow } from '../../../connectors/plenty/index.js';

type Aspect = 'prices' | 'categories';

export interface BulkWrites {
  createPrices: PriceRow[];
  updatePrices: PriceRow[];
  categoryLinks: CategoryLinkRow[];
  /** Row → the variation (SKU) and aspect it belongs to. */
  owners: Map<object, { sku: string; aspect: Aspect }>;
  /** Applied to a variation's link state once the rows went out, knowing which ones PlentyONE refused. */
  after: ((refused: ReadonlySet<object>) => void)[];
}

export const newBulkWrites = (): BulkWrites => ({ createPrices: [], updatePrices: [], categoryLinks: [], owners: new Map(), after: [] });

/** Queues a row of a variation's aspect. */
export function queueRow<Row extends object>(bulk: BulkWrites, list: Row[], row: Row, sku: string, aspect: Aspect): void {
  list.push(row);
  bulk.owners.set(row, { sku, aspect });
}

/** Sends the queued rows; answers the refusals per variation SKU (sentences naming the row). */
export async function sendBulkWrites(plenty: PlentyClient, bulk: BulkWrites, signal: AbortSignal): Promise<Map<string, string[]>> {
  const refused = new Map<string, string[]>();
  const refusedRows = new Set<object>();
  const note = (row: object, text: string) => {
    const owner = bulk.owners.get(row);
    refusedRows.add(row);
    if (!owner) return;
    const list = refused.get(owner.sku) ?? [];
    list.push(text);
    refused.set(owner.sku, list);
  };
  for (const [mode, rows] of [['create', bulk.createPrices], ['update', bulk.updatePrices]] as const) {
    for (const f of await plenty.items.savePrices(mode, rows, signal)) {
      note(f.row, `PlentyONE refused price ${f.row.price} (sales price ${f.row.salesPriceId}) of ${bulk.owners.get(f.row)?.sku}: ${f.messages.join(' ')}`);
    }
  }
  for (const f of await plenty.items.linkCategories(bulk.categoryLinks, signal)) {
    note(f.row, `PlentyONE refused the link of ${bulk.owners.get(f.row)?.sku} to category ${f.row.categoryId}: ${f.messages.join(' ')}`);
  }
  for (const done of bulk.after) done(refusedRows);
  return refused;
}
