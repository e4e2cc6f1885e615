/**
 * What the PlentyONE sandbox reads from the generated catalog. Every accessor is O(1) per record so
 * stores can page over a million variations without materialising them.
 */
import type { Category, Customer, Item, Language, StockRecord, Variation, Warehouse } from '../generator/types.js';

export interface PlentyCatalogView {
  readonly variationCount: number;
  readonly itemCount: number;
  readonly categoryCount: number;
  readonly customerCount: number;
  readonly languages: readonly Language[];
  readonly warehouses: readonly Warehouse[];
  variation(index: number): Variation;
  item(index: number): Item;
  category(index: number): Category;
  customer(index: number): Customer;
  stock(variationIndex: number, warehouseId: number): StockRecord;
  /** Variation index of a generated SKU (variation number), undefined when not generated. */
  variationIndexBySku(sku: string): number | undefined;
  /** Customer index encoded in a generated e-mail address. */
  customerIndexByEmail(email: string): number | undefined;
}

/** An empty catalog: the sandbox still serves orders, contacts and reference data. */
export const EMPTY_CATALOG: PlentyCatalogView = {
  variationCount: 0,
  itemCount: 0,
  categoryCount: 0,
  customerCount: 0,
  languages: ['de', 'en'],
  warehouses: [{ warehouseId: 1, name: 'Hauptlager', typeId: 0, countryCode: 'DE', city: 'Berlin', priority: 1 }],
  variation: (i) => {
    throw new RangeError(`no variation ${i} in an empty catalog`);
  },
  item: (i) => {
    throw new RangeError(`no item ${i} in an empty catalog`);
  },
  category: (i) => {
    throw new RangeError(`no category ${i} in an empty catalog`);
  },
  customer: (i) => {
    throw new RangeError(`no customer ${i} in an empty catalog`);
  },
  stock: (i) => {
    throw new RangeError(`no stock for ${i} in an empty catalog`);
  },
  variationIndexBySku: () => undefined,
  customerIndexByEmail: () => undefined,
};
