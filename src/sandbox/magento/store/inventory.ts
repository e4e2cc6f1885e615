import type { CatalogFeed } from './catalog-feed.js';
import type { ChangeFeed } from './changes.js';
import { MagentoStoreError } from './errors.js';
import type { ProductRepository } from './products.js';
import { answeredStockItem, incorrectQtyError, STOCK_ITEM_COLUMN_DEFAULTS, type StockItemSettings } from './stock-items.js';
import type { InventorySource, SourceItem } from './types.js';

export const DEFAULT_SOURCE = 'default';

/**
 * MSI sources, source items and reservations. As in Magento MSI, placing an order does not touch
 * source items: it adds a reservation that lowers the salable quantity; shipping deducts the source
 * item and compensates the reservation.
 */
export class InventoryRepository {
  private readonly sourcesByCode = new Map<string, InventorySource>();
  /** Written source items per SKU (replace the generated ones of that SKU entirely). */
  private readonly writtenItems = new Map<string, Map<string, SourceItem>>();
  private readonly reservations = new Map<string, number>();
  /** Legacy stock item rows of the SKUs that saved a setting; the others hold the column defaults. */
  private readonly stockItemRows = new Map<string, StockItemSettings>();

  constructor(
    private readonly feed: CatalogFeed,
    private readonly products: ProductRepository,
    private readonly changes: ChangeFeed,
  ) {
    if (!feed.sources.some((s) => s.sourceCode === DEFAULT_SOURCE)) {
      this.sourcesByCode.set(DEFAULT_SOURCE, {
        sourceCode: DEFAULT_SOURCE,
        name: 'Default Source',
        enabled: true,
        countryId: 'US',
        postcode: '00000',
      });
    }
    for (const source of feed.sources) this.sourcesByCode.set(source.sourceCode, source);
  }

  sources(): InventorySource[] {
    return [...this.sourcesByCode.values()];
  }

  /** Source items of one SKU. */
  itemsOf(sku: string): SourceItem[] {
    const written = this.writtenItems.get(sku);
    if (written) return [...written.values()];
    if (!this.products.exists(sku)) return [];
    return this.feed.sourceItemsOf(sku);
  }

  /** All source items, product by product in entity-id order (streams). */
  *iterate(): IterableIterator<SourceItem> {
    for (const product of this.products.iterate()) {
      if (product.typeId !== 'simple') continue;
      yield* this.itemsOf(product.sku);
    }
  }

  /**
   * `POST /V1/inventory/source-items`: validates the whole batch first (Magento rejects it as a
   * whole), then saves. Answers nothing (REST renders `[]`).
   */
  async save(items: SourceItem[]): Promise<void> {
    if (items.length === 0) throw new MagentoStoreError('Input data is invalid');
    for (const item of items) {
      if (!this.sourcesByCode.has(item.sourceCode)) {
        throw new MagentoStoreError('Validation Failed', []);
      }
      if (!this.products.getBySku(item.sku)) {
        throw new MagentoStoreError('Could not save Source Item');
      }
      if (!Number.isFinite(item.quantity)) throw new MagentoStoreError('Validation Failed');
    }
    for (const item of items) {
      await this.changes.publish({ entity: 'source_item', kind: 'saved', sourceItem: item });
      const current = this.writtenItems.get(item.sku) ?? this.copyGenerated(item.sku);
      current.set(item.sourceCode, { ...item });
      this.writtenItems.set(item.sku, current);
    }
  }

  /**
   * `POST /V1/inventory/source-items-delete`: removes the named source items (unassigns the product
   * from those sources). Magento deletes by condition without validating the items, so items that do
   * not exist (unknown SKU or source) are ignored; only an empty list is refused.
   */
  delete(items: { sku: string; sourceCode: string }[]): void {
    if (items.length === 0) throw new MagentoStoreError('Input data is empty');
    for (const item of items) {
      if (!this.products.exists(item.sku)) continue;
      const current = this.writtenItems.get(item.sku) ?? this.copyGenerated(item.sku);
      if (current.delete(item.sourceCode)) this.writtenItems.set(item.sku, current);
    }
  }

  /** The legacy stock item's settings as Magento answers them (the configuration's value where a flag is set). */
  stockItemOf(sku: string): StockItemSettings {
    return answeredStockItem(this.stockItemRows.get(sku) ?? STOCK_ITEM_COLUMN_DEFAULTS);
  }

  /** The stock item's "Manage Stock": the store configuration (Yes) unless the product has its own. */
  manageStockOf(sku: string): { useConfig: boolean; manage: boolean } {
    const item = this.stockItemOf(sku);
    return { useConfig: item.useConfigManageStock, manage: item.manageStock };
  }

  /** Saves settings of the stock item's row: the ones given replace theirs, the others keep their value. */
  updateStockItem(sku: string, settings: Partial<StockItemSettings>): void {
    if (Object.keys(settings).length === 0) return;
    this.stockItemRows.set(sku, { ...(this.stockItemRows.get(sku) ?? STOCK_ITEM_COLUMN_DEFAULTS), ...settings });
  }

  /**
   * MSI's add-to-cart check (IsProductSalableForRequestedQtyConditionChainOnAddToCart) of a cart line
   * of `lineQty`, the cart holding `totalQty` of the SKU: the quantity limits first, then the quantity
   * must be sellable. Magento's refusal, or undefined.
   */
  cartQtyError(sku: string, lineQty: number, totalQty = lineQty): MagentoStoreError | undefined {
    const incorrect = incorrectQtyError(this.stockItemOf(sku), lineQty);
    if (incorrect) return incorrect;
    return this.canSell(sku, totalQty) ? undefined : new MagentoStoreError('The requested qty is not available');
  }

  /**
   * MSI's sufficient conditions for selling `qty` (the place-order chain): backorders allowed (the
   * configuration's out-of-stock threshold is 0), stock not managed, or enough salable quantity.
   */
  canSell(sku: string, qty: number): boolean {
    const item = this.stockItemOf(sku);
    return item.backorders !== 0 || !item.manageStock || this.salableQty(sku) >= qty;
  }

  /** Quantity over enabled sources with status "in stock", minus open reservations. */
  salableQty(sku: string): number {
    let qty = 0;
    for (const item of this.itemsOf(sku)) {
      if (item.status === 1 && this.sourcesByCode.get(item.sourceCode)?.enabled !== false) qty += item.quantity;
    }
    return qty - (this.reservations.get(sku) ?? 0);
  }

  isInStock(sku: string): boolean {
    return this.salableQty(sku) > 0;
  }

  reserve(sku: string, qty: number): void {
    this.reservations.set(sku, (this.reservations.get(sku) ?? 0) + qty);
  }

  /**
   * Whether a shipment from this source can deduct the SKU: Magento refuses a source that has no
   * source item of it (GetSourceItemBySourceCodeAndSku).
   */
  hasItemAt(sku: string, sourceCode: string): boolean {
    return this.itemsOf(sku).some((i) => i.sourceCode === sourceCode);
  }

  /**
   * Shipment: deducts from the shipment's source (`source_code`), or without one from the sources in
   * priority order, and releases the reservation.
   */
  deduct(sku: string, qty: number, sourceCode?: string): void {
    this.reserve(sku, -qty);
    const items = this.itemsOf(sku).filter((i) => sourceCode === undefined || i.sourceCode === sourceCode);
    if (items.length === 0) return;
    const current = this.writtenItems.get(sku) ?? this.copyGenerated(sku);
    let left = qty;
    for (const item of items) {
      if (left <= 0) break;
      const take = Math.min(left, Math.max(0, item.quantity));
      left -= take;
      current.set(item.sourceCode, { ...item, quantity: item.quantity - take });
    }
    if (left > 0) {
      const first = items[0]!;
      const entry = current.get(first.sourceCode)!;
      current.set(first.sourceCode, { ...entry, quantity: entry.quantity - left });
    }
    this.writtenItems.set(sku, current);
  }

  get writtenSkuCount(): number {
    return this.writtenItems.size;
  }

  private copyGenerated(sku: string): Map<string, SourceItem> {
    return new Map(this.feed.sourceItemsOf(sku).map((item) => [item.sourceCode, { ...item }]));
  }
}
