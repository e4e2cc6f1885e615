import type {
  Category,
  Customer,
  InventorySource,
  Order,
  Product,
  ProductAttribute,
  SourceItem,
} from './types.js';

/**
 * What the Magento store needs from generated data, in Magento terms. The generator's lazy catalog is
 * adapted to it (`from-generator.ts`). Products sit at positions `0 .. productCount-1`; a product's
 * entity id is `position + 1`, so paging in entity-id order streams positions without holding the
 * catalog in memory. All lookups are O(1).
 */
export interface CatalogFeed {
  /** Store views; the first is the `default` view, whose language the global (admin) texts use. */
  storeViews: { code: string; name: string; language: string; locale: string; websiteId?: number }[];
  /** Generated timestamps lie in the 30 days before this instant (epoch ms). */
  epochMs: number;
  productCount: number;
  productAt(position: number): Product | undefined;
  positionOfSku(sku: string): number | undefined;
  /** SKU of the generated configurable parent of a generated child, if any. */
  parentSkuOf(sku: string): string | undefined;
  attributes: ProductAttribute[];
  /** The whole generated category tree, root catalog (id 2) first, parents before children. */
  categories: Category[];
  sources: InventorySource[];
  /** Generated source items of one SKU (empty for configurable parents). */
  sourceItemsOf(sku: string): SourceItem[];
  customerCount: number;
  /** Customer entity id is `position + 1`. */
  customerAt(position: number): Customer | undefined;
  /** Position of the generated customer with this e-mail (case-insensitive), in O(1). */
  customerPositionOfEmail(email: string): number | undefined;
  /** Orders placed before the sandbox started; entity id `position + 1`, increment id = id padded to 9. */
  orderCount: number;
  orderAt(position: number): Order | undefined;
}
