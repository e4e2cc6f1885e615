import { AttributeRepository } from './attributes.js';
import type { CatalogFeed } from './catalog-feed.js';
import { CartRepository } from './carts.js';
import { CategoryRepository } from './categories.js';
import { ChangeFeed, type ChangeListener } from './changes.js';
import { CustomerRepository } from './customers.js';
import { MagentoStoreError } from './errors.js';
import { InventoryRepository } from './inventory.js';
import { OrderRepository } from './orders.js';
import { OrderPlacer } from './place-order.js';
import { refundOrder, type RefundInput } from './creditmemos.js';
import { saveNewOrder } from './repository-order.js';
import { ProductRepository } from './products.js';
import { storeLayoutFor, type StoreLayout } from './store-views.js';
import type { Order, PlaceOrderInput, ProductAttribute, StoreView } from './types.js';

export type { CatalogFeed } from './catalog-feed.js';
export type { ProductPatch } from './products.js';
export type { CategoryPatch } from './categories.js';
export type { CustomerPatch } from './customers.js';
export type { ShipInput } from './orders.js';
export type { RefundInput } from './creditmemos.js';
export { GLOBAL_SCOPE, textsIn, urlKeyOf } from './products.js';
export { effectivePrice, PAYMENT_METHODS, SHIPPING_METHODS } from './place-order.js';
export { MagentoStoreError, WebhookAbortError, PRODUCT_NOT_FOUND } from './errors.js';
export type * from './types.js';

export interface MagentoStoreOptions {
  feed: CatalogFeed;
  /** Base currency of the website (default EUR). */
  currency?: string;
  /** Clock for `updated_at` stamps (default `Date.now`). */
  now?: () => number;
  /** Magento release whose order-comment behaviour is reproduced (default 2.4.8; see OrderRepository.version). */
  version?: string;
  /** `catalog/price/scope`: global (Magento's default) or website (prices and tier prices per website). */
  priceScope?: 'global' | 'website';
}

/**
 * The Magento sandbox's single source of truth: REST, GraphQL and the `/_sandbox` helpers all read
 * and write through it, and every write is published to `subscribe`d listeners (webhooks out).
 * Reads are synchronous; writes are async because a synchronous webhook may veto them.
 */
export interface MagentoStore {
  readonly layout: StoreLayout;
  /** Store configuration a test may change, as an admin would in Stores › Configuration. */
  readonly config: { priceScope: 'global' | 'website' };
  readonly products: ProductRepository;
  readonly categories: CategoryRepository;
  readonly inventory: InventoryRepository;
  readonly customers: CustomerRepository;
  readonly orders: OrderRepository;
  readonly carts: CartRepository;
  /** Product attributes with their options (the same objects as `attributeRepository.list`). */
  readonly attributes: ProductAttribute[];
  readonly attributeRepository: AttributeRepository;
  /**
   * Files uploaded through the API (`pub/media/catalog/product/<a>/<b>/<name>` → content), served as they
   * were uploaded (media-files.ts); one namespace for all products, as Magento's media folder is.
   */
  readonly mediaFiles: Map<string, Buffer>;
  /** Store view by code; `undefined`/`default` → the default view. Throws for unknown codes. */
  storeView(code?: string): StoreView;
  /** Store views a client may address (without `admin`). */
  frontViews(): StoreView[];
  /** The one way orders come into being (GraphQL checkout, `/_sandbox/orders`). */
  placeOrder(input: PlaceOrderInput): Promise<Order>;
  /** `POST /V1/orders` without an entity id: the order repository writes the order as given (repository-order.ts). */
  saveNewOrder(entity: Record<string, unknown>): Promise<Order>;
  /** `POST /V1/order/{id}/refund`: an offline credit memo (creditmemos.ts). */
  refund(orderId: number, input: RefundInput): Promise<number>;
  subscribe(listener: ChangeListener): () => void;
  /** Record counts for `/_sandbox/state`. */
  stats(): Record<string, number>;
}

export function createMagentoStore(options: MagentoStoreOptions): MagentoStore {
  const { feed } = options;
  const now = options.now ?? Date.now;
  const changes = new ChangeFeed();
  const layout = storeLayoutFor(feed.storeViews, options.currency ?? 'EUR');
  const storeView = (code?: string): StoreView => {
    const wanted = code === undefined || code === 'all' ? 'default' : code;
    const view = layout.views.find((v) => v.code === wanted);
    if (!view) throw new MagentoStoreError('The store that was requested wasn\'t found. Verify the store and try again.', [], 404);
    return view;
  };
  const attributeRepository = new AttributeRepository(feed.attributes);
  const products = new ProductRepository(feed, changes, now, (code) => attributeRepository.find(code)?.scope);
  const categories = new CategoryRepository(feed.categories, changes, now, feed.epochMs, () => layout.views.filter((v) => v.id !== 0).map((v) => v.code));
  const inventory = new InventoryRepository(feed, products, changes);
  const customers = new CustomerRepository(feed, changes, now);
  const orders = new OrderRepository(feed, inventory, changes, now, options.version);
  const placer = new OrderPlacer({ products, inventory, customers, orders, changes, now, storeView });
  const carts = new CartRepository(products, inventory, placer, now);

  return {
    layout,
    config: { priceScope: options.priceScope ?? 'global' },
    products,
    categories,
    inventory,
    customers,
    orders,
    carts,
    attributes: attributeRepository.list,
    attributeRepository,
    mediaFiles: new Map(),
    storeView,
    frontViews: () => layout.views.filter((v) => v.id !== 0),
    placeOrder: (input) => placer.place(input),
    saveNewOrder: (entity) => saveNewOrder({ orders, changes, now, storeById: (id) => layout.views.find((v) => v.id === id) }, entity),
    refund: (orderId, input) => refundOrder(orders, orderId, input, now()),
    subscribe: (listener) => changes.subscribe(listener),
    stats: () => ({
      products: products.count,
      productsWritten: products.writtenCount,
      categories: categories.count,
      sourceItemSkusWritten: inventory.writtenSkuCount,
      customers: customers.count,
      orders: orders.count,
      carts: carts.count,
    }),
  };
}
