/**
 * Which PlentyONE warehouses feed which MSI source. Built once per run from the config and the
 * system's warehouse list: only warehouses of the configured types count (sales, type 0, by default),
 * so stock in a storage warehouse never reaches the shop.
 */
import { NonRetryableError } from '../../../queue/errors.js';
import type { StockImportConfig } from './config.js';

export interface Feeds {
  /** Source code → the warehouses whose quantities are summed into it. */
  sources: Map<string, number[]>;
  /** Warehouse → the source it feeds. */
  byWarehouse: Map<number, string>;
  /** Mapped warehouses left out, each a sentence for the run's history. */
  notes: string[];
}

export function resolveFeeds(config: StockImportConfig, warehouses: readonly { id: number; typeId: number; name?: string | null | undefined }[]): Feeds {
  const rows = [...config.warehouseMapping];
  // The main warehouse feeds its source besides the mapping (the schema refuses it being mapped twice).
  if (config.mainWarehouse.warehouseId !== undefined) {
    rows.push({ warehouseId: config.mainWarehouse.warehouseId, sourceCode: config.mainWarehouse.sourceCode });
  }
  const types = new Set<number>(config.warehouseTypes);
  const known = new Map(warehouses.map((w) => [w.id, w]));
  const feeds: Feeds = { sources: new Map(), byWarehouse: new Map(), notes: [] };
  for (const row of rows) {
    const warehouse = known.get(row.warehouseId);
    if (!warehouse) {
      feeds.notes.push(`Warehouse ${row.warehouseId} (mapped to source ${row.sourceCode}) does not exist in PlentyONE; its mapping is ignored.`);
      continue;
    }
    if (!types.has(warehouse.typeId)) {
      feeds.notes.push(`Warehouse ${row.warehouseId} (${warehouse.name ?? 'unnamed'}) is of type ${warehouse.typeId}, not one of ${[...types].join(', ')} (0 = sales); its stock is not imported.`);
      continue;
    }
    feeds.byWarehouse.set(row.warehouseId, row.sourceCode);
    feeds.sources.set(row.sourceCode, [...(feeds.sources.get(row.sourceCode) ?? []), row.warehouseId]);
  }
  if (feeds.byWarehouse.size === 0) {
    throw new NonRetryableError(
      `No mapped PlentyONE warehouse can feed a Magento source. ${feeds.notes.join(' ')} Map a sales warehouse under warehouseMapping (or mainWarehouse).`.trim(),
    );
  }
  return feeds;
}

/** Refuses a run whose mapped sources Magento does not have: every batch would be refused otherwise. */
export function checkSources(feeds: Feeds, magentoSources: readonly { source_code: string }[]): void {
  const have = new Set(magentoSources.map((s) => s.source_code));
  const missing = [...feeds.sources.keys()].filter((code) => !have.has(code));
  if (missing.length > 0) {
    throw new NonRetryableError(
      `Magento has no inventory source ${missing.map((c) => `"${c}"`).join(', ')}; create it in Magento or change warehouseMapping (Magento has: ${[...have].join(', ')}).`,
    );
  }
}
