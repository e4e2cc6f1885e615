/** Warehouses, Magento MSI sources and stock per (variation, warehouse|source). */
import { itemIdOf, variationIdOf } from './ids.js';
import type { ItemLayout } from './layout.js';
import { Rng } from './prng.js';
import { variationSku } from './sku.js';
import { HISTORY_WINDOW_MS } from './time.js';
import type { MsiSource, SourceItem, StockRecord, Warehouse } from './types.js';

/** Two sales warehouses (their stock is sellable) and one storage warehouse (it is not). */
export const WAREHOUSES: readonly Warehouse[] = [
  { warehouseId: 1, name: 'Hauptlager Berlin', typeId: 0, countryCode: 'DE', city: 'Berlin', priority: 1 },
  { warehouseId: 2, name: 'Lager Wien', typeId: 0, countryCode: 'AT', city: 'Wien', priority: 2 },
  { warehouseId: 3, name: 'Reservelager Leipzig', typeId: 4, countryCode: 'DE', city: 'Leipzig', priority: 3 },
];

/** Magento's built-in `default` source plus one source per sales warehouse. */
export const MSI_SOURCES: readonly MsiSource[] = [
  { sourceCode: 'default', name: 'Default Source', enabled: true, countryCode: 'DE', postcode: '10115', warehouseId: null },
  { sourceCode: 'berlin', name: 'Berlin', enabled: true, countryCode: 'DE', postcode: '10115', warehouseId: 1 },
  { sourceCode: 'vienna', name: 'Wien', enabled: true, countryCode: 'AT', postcode: '1010', warehouseId: 2 },
];

/** Share of Magento source items that start out of sync with PlentyONE (something for a stock sync to fix). */
const SOURCE_DRIFT_SHARE = 0.05;
const OUT_OF_STOCK_SHARE = 0.1;

export class InventoryGenerator {
  constructor(
    private readonly seed: number,
    private readonly epoch: number,
    private readonly layout: ItemLayout,
  ) {}

  stock(variationIndex: number, warehouseId: number): StockRecord {
    const warehouse = WAREHOUSES.find((w) => w.warehouseId === warehouseId);
    if (!warehouse) throw new RangeError(`unknown warehouse ${warehouseId}`);
    const rng = Rng.for(this.seed, `stock:${warehouseId}`, variationIndex);
    let stockPhysical = 0;
    if (!rng.chance(OUT_OF_STOCK_SHARE)) {
      stockPhysical = warehouse.typeId === 0 ? rng.int(1, 200) : rng.int(50, 2000);
    }
    const reservedStock = warehouse.typeId === 0 && stockPhysical > 0 && rng.chance(0.3) ? rng.int(1, Math.min(5, stockPhysical)) : 0;
    const { itemIndex } = this.layout.locateVariation(variationIndex);
    return {
      variationIndex,
      variationId: variationIdOf(variationIndex),
      itemId: itemIdOf(itemIndex),
      warehouseId,
      stockPhysical,
      reservedStock,
      stockNet: stockPhysical - reservedStock,
      reorderDelta: rng.int(0, 20),
      warehousePriority: warehouse.priority,
      updatedAt: this.epoch - rng.int(0, HISTORY_WINDOW_MS / 1000) * 1000,
    };
  }

  /** Magento-side quantity: mirrors stockNet of the source's warehouse, except for a few drifted ones. */
  sourceItem(variationIndex: number, sourceCode: string): SourceItem {
    const source = MSI_SOURCES.find((s) => s.sourceCode === sourceCode);
    if (!source) throw new RangeError(`unknown MSI source ${sourceCode}`);
    let quantity = 0;
    if (source.warehouseId !== null) {
      quantity = this.stock(variationIndex, source.warehouseId).stockNet;
      const rng = Rng.for(this.seed, `source:${sourceCode}`, variationIndex);
      if (rng.chance(SOURCE_DRIFT_SHARE)) quantity = rng.int(0, 50);
    }
    return { variationIndex, sku: variationSku(variationIndex), sourceCode, quantity, status: quantity > 0 ? 1 : 0 };
  }
}
