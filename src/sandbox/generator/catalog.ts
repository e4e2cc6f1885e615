/**
 * The lazy catalog: every record is a pure function of (seed, index), computed on demand in O(1)
 * (item → variations is O(log n)). Nothing is materialised, so iterating 1,000,000 variations keeps
 * memory flat; the only per-catalog allocation is the item layout table (4 bytes per 32 variations).
 */
import { ATTRIBUTES } from './attributes.js';
import { CategoryTree } from './categories.js';
import { InventoryGenerator, MSI_SOURCES, WAREHOUSES } from './inventory.js';
import { ItemLayout } from './layout.js';
import { generateOrder, orderIndexOfIncrementId } from './orders.js';
import { customerIndexFromEmail, generateCustomer } from './people.js';
import { normalizeSeed } from './prng.js';
import { ProductGenerator } from './products.js';
import { parseConfigurableSku, parseVariationSku } from './sku.js';
import { epochForSeed } from './time.js';
import type {
  AttributeDef,
  CatalogOptions,
  Category,
  Customer,
  Item,
  Language,
  MsiSource,
  Order,
  SourceItem,
  StockRecord,
  StoreView,
  Variation,
  Warehouse,
} from './types.js';
import { LANGUAGES } from './vocabulary.js';

/**
 * Magento store views of the generated shop: `default` is English (Magento's own default store
 * view keeps its code), `de` is German. PlentyONE texts exist in de, en and fr; fr has no store view
 * (a shop often syncs fewer languages than the ERP holds).
 */
export const STORE_VIEWS: readonly StoreView[] = [
  { code: 'default', id: 1, name: 'Default Store View', websiteId: 1, language: 'en', locale: 'en_US' },
  { code: 'de', id: 2, name: 'Deutsch', websiteId: 1, language: 'de', locale: 'de_DE' },
];

export const MAX_VARIATIONS = 10_000_000;

export class Catalog {
  /** The normalised 32-bit seed. */
  readonly seed: number;
  /** Fixed "now" of the generated data (epoch ms); generated timestamps lie in the 30 days before. */
  readonly epoch: number;
  readonly variationCount: number;
  readonly itemCount: number;
  readonly categoryCount: number;
  readonly customerCount: number;
  readonly orderCount: number;
  readonly languages: readonly Language[] = LANGUAGES;
  readonly storeViews: readonly StoreView[] = STORE_VIEWS;
  readonly attributes: readonly AttributeDef[] = ATTRIBUTES;
  readonly warehouses: readonly Warehouse[] = WAREHOUSES;
  readonly sources: readonly MsiSource[] = MSI_SOURCES;

  private readonly layout: ItemLayout;
  private readonly tree: CategoryTree;
  private readonly products: ProductGenerator;
  private readonly inventory: InventoryGenerator;

  constructor(options: CatalogOptions) {
    const n = options.variations;
    if (!Number.isInteger(n) || n < 1 || n > MAX_VARIATIONS) {
      throw new RangeError(`variations must be an integer in 1..${MAX_VARIATIONS}, got ${n}`);
    }
    this.seed = normalizeSeed(options.seed);
    this.epoch = epochForSeed(this.seed);
    this.variationCount = n;
    this.layout = new ItemLayout(this.seed, n);
    this.itemCount = this.layout.itemCount;
    this.tree = new CategoryTree(this.seed, this.epoch, n);
    this.categoryCount = this.tree.count;
    this.customerCount = countOption(options.customers, Math.min(100_000, Math.max(10, Math.ceil(n / 10))), 'customers');
    this.orderCount = countOption(options.orders, Math.min(50_000, Math.max(10, Math.ceil(n / 20))), 'orders');
    this.products = new ProductGenerator(this.seed, this.epoch, this.layout, this.tree);
    this.inventory = new InventoryGenerator(this.seed, this.epoch, this.layout);
  }

  variation(index: number): Variation {
    checkIndex(index, this.variationCount, 'variation');
    return this.products.variation(index);
  }

  item(index: number): Item {
    checkIndex(index, this.itemCount, 'item');
    return this.products.item(index);
  }

  itemIndexOfVariation(variationIndex: number): number {
    checkIndex(variationIndex, this.variationCount, 'variation');
    return this.layout.locateVariation(variationIndex).itemIndex;
  }

  category(index: number): Category {
    checkIndex(index, this.categoryCount, 'category');
    return this.tree.category(index);
  }

  /** Category indexes from the top level down to `index`. */
  categoryPath(index: number): number[] {
    checkIndex(index, this.categoryCount, 'category');
    return this.tree.path(index);
  }

  customer(index: number): Customer {
    checkIndex(index, this.customerCount, 'customer');
    return generateCustomer(this.seed, this.epoch, index);
  }

  order(index: number): Order {
    checkIndex(index, this.orderCount, 'order');
    return generateOrder(this.seed, this.epoch, index, this);
  }

  stock(variationIndex: number, warehouseId: number): StockRecord {
    checkIndex(variationIndex, this.variationCount, 'variation');
    return this.inventory.stock(variationIndex, warehouseId);
  }

  sourceItem(variationIndex: number, sourceCode: string): SourceItem {
    checkIndex(variationIndex, this.variationCount, 'variation');
    return this.inventory.sourceItem(variationIndex, sourceCode);
  }

  /** Index of the variation with this SKU, or undefined. O(1). */
  variationIndexBySku(sku: string): number | undefined {
    const i = parseVariationSku(sku);
    return i !== undefined && i < this.variationCount ? i : undefined;
  }

  /**
   * Index of the item whose Magento product SKU this is (a configurable parent `PGC-…`, or the
   * variation SKU of a simple item), or undefined. Configurable children resolve to undefined here;
   * use variationIndexBySku for them.
   */
  itemIndexBySku(sku: string): number | undefined {
    const parent = parseConfigurableSku(sku);
    if (parent !== undefined) {
      return parent < this.itemCount && this.products.item(parent).type === 'configurable' ? parent : undefined;
    }
    const v = this.variationIndexBySku(sku);
    if (v === undefined) return undefined;
    const where = this.layout.locateVariation(v);
    return where.variationCount === 1 ? where.itemIndex : undefined;
  }

  customerIndexByEmail(email: string): number | undefined {
    const i = customerIndexFromEmail(email);
    if (i === undefined || i >= this.customerCount) return undefined;
    return this.customer(i).email === email.toLowerCase() ? i : undefined;
  }

  orderIndexByIncrementId(incrementId: string): number | undefined {
    const i = orderIndexOfIncrementId(incrementId);
    return i !== undefined && i < this.orderCount ? i : undefined;
  }

  *variations(from = 0, to = this.variationCount): Generator<Variation, void, undefined> {
    for (let i = Math.max(0, from); i < Math.min(to, this.variationCount); i++) yield this.products.variation(i);
  }

  *items(from = 0, to = this.itemCount): Generator<Item, void, undefined> {
    for (let i = Math.max(0, from); i < Math.min(to, this.itemCount); i++) yield this.products.item(i);
  }

  *categories(): Generator<Category, void, undefined> {
    for (let i = 0; i < this.categoryCount; i++) yield this.tree.category(i);
  }

  *customers(from = 0, to = this.customerCount): Generator<Customer, void, undefined> {
    for (let i = Math.max(0, from); i < Math.min(to, this.customerCount); i++) yield this.customer(i);
  }

  *orders(from = 0, to = this.orderCount): Generator<Order, void, undefined> {
    for (let i = Math.max(0, from); i < Math.min(to, this.orderCount); i++) yield this.order(i);
  }
}

export function createCatalog(options: CatalogOptions): Catalog {
  return new Catalog(options);
}

function checkIndex(index: number, count: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`${what} index ${index} out of range 0..${count - 1}`);
  }
}

function countOption(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  return value;
}
