import { BundleIds, componentSkus, saveBundleOptions, withoutComponent, type BundleOptionInput } from './bundles.js';
import type { CatalogFeed } from './catalog-feed.js';
import type { ChangeFeed } from './changes.js';
import { MagentoStoreError, noSuchEntity, PRODUCT_NOT_FOUND } from './errors.js';
import { Overlay } from './overlay.js';
import type { BundleOption, ConfigurableOption, MediaEntry, Product, StoreScopedTexts } from './types.js';

/** Fields a product save may set; anything absent keeps its current value. */
export type ProductPatch = Partial<
  Omit<Product, 'id' | 'sku' | 'createdAt' | 'updatedAt' | 'storeTexts'>
> & { sku: string };

/** `all` / `admin` write global values; any other store view code writes store-scoped texts. */
export const GLOBAL_SCOPE = 'all';

/**
 * Products: generated products at entity ids `1..feed.productCount`, products created through the
 * API after them. Iteration is in entity-id order and streams (flat memory).
 */
export class ProductRepository {
  private readonly overlay: Overlay<number, Product>;
  /** SKU → id for products created through the API (generated SKUs are resolved by the feed). */
  private readonly createdSkus = new Map<string, number>();
  /** child SKU → parent SKU for links written through the API (overrides the feed). */
  private readonly writtenParents = new Map<string, string | null>();
  /** component SKU → SKUs of the bundles whose options link it (bundles are only ever written ones). */
  private readonly bundlesLinking = new Map<string, Set<string>>();
  private readonly bundleIds = new BundleIds();
  private nextId: number;
  /** URL keys of products written through the API: `<scope>\0<url key>` → SKU (scope '' is global). */
  private readonly urlKeys = new Map<string, string>();
  private readonly urlKeysOf = new Map<string, string[]>();
  private nextMediaId = 10_000_001;
  private deletedCount = 0;
  private writes = 0;

  constructor(
    private readonly feed: CatalogFeed,
    private readonly changes: ChangeFeed,
    private readonly now: () => number,
    /** Scope of an attribute (attributes.ts); an attribute the sandbox does not know is global. */
    private readonly scopeOf: (code: string) => string | undefined = () => undefined,
  ) {
    this.overlay = new Overlay((id) => (id >= 1 && id <= feed.productCount ? feed.productAt(id - 1) : undefined));
    this.nextId = feed.productCount + 1;
  }

  get count(): number {
    return this.nextId - 1 - this.deletedCount;
  }

  /** Highest entity id in use (iteration bound). */
  get maxId(): number {
    return this.nextId - 1;
  }

  /** No product was deleted: ids `1..maxId` are all products (lets paging skip to a page). */
  get isContiguous(): boolean {
    return this.deletedCount === 0;
  }

  /** Generated products all have `updated_at` at or before this instant. */
  get generatedUntilMs(): number {
    return this.feed.epochMs;
  }

  /** Changes with every save and delete (lets a search reuse what it found before). */
  get version(): number {
    return this.writes;
  }

  /** Number of generated products written through the API plus products created. */
  get writtenCount(): number {
    return this.overlay.writtenCount;
  }

  idOfSku(sku: string): number | undefined {
    const created = this.createdSkus.get(sku);
    if (created !== undefined) return created;
    const position = this.feed.positionOfSku(sku);
    return position === undefined ? undefined : position + 1;
  }

  /** Whether a product with this SKU exists, without generating it. */
  exists(sku: string): boolean {
    const id = this.idOfSku(sku);
    if (id === undefined) return false;
    return this.overlay.isWritten(id) ? this.overlay.get(id) !== undefined : true;
  }

  getBySku(sku: string): Product | undefined {
    const id = this.idOfSku(sku);
    return id === undefined ? undefined : this.overlay.get(id);
  }

  getById(id: number): Product | undefined {
    return this.overlay.get(id);
  }

  /** Like `getBySku` but throws Magento's 404. */
  require(sku: string): Product {
    const product = this.getBySku(sku);
    if (!product) throw noSuchEntity(PRODUCT_NOT_FOUND);
    return product;
  }

  /** Products in entity-id order starting at `fromId`. */
  *iterate(fromId = 1): IterableIterator<Product> {
    for (let id = Math.max(1, fromId); id < this.nextId; id++) {
      const product = this.overlay.get(id);
      if (product) yield product;
    }
  }

  /** Products changed through the API (for delta scans that only generated data cannot match). */
  *written(): IterableIterator<Product> {
    for (const [, product] of this.overlay.writtenValues()) yield product;
  }

  parentSkuOf(sku: string): string | undefined {
    if (this.writtenParents.has(sku)) return this.writtenParents.get(sku) ?? undefined;
    return this.feed.parentSkuOf(sku);
  }

  children(parentSku: string): Product[] {
    const parent = this.getBySku(parentSku);
    if (!parent?.configurable) return [];
    return parent.configurable.childSkus.flatMap((sku) => this.getBySku(sku) ?? []);
  }

  /**
   * Creates or updates a product (`POST /V1/products` and `PUT /V1/products/{sku}` both upsert in
   * Magento). Texts saved through a store view code become store-scoped overrides for that view.
   */
  async save(patch: ProductPatch, storeCode: string = GLOBAL_SCOPE): Promise<{ product: Product; created: boolean }> {
    const existing = this.getBySku(patch.sku);
    const now = this.now();
    const product = existing ? applyPatch(existing, patch, storeCode, now, this.scopeOf) : newProduct(this.nextId, patch, now);
    const keys = this.checkUrlKeys(product);
    await this.changes.publish({ entity: 'product', kind: 'saved', product, storeCode });
    this.indexUrlKeys(product.sku, keys);
    if (!existing) {
      this.createdSkus.set(product.sku, product.id);
      this.nextId++;
    }
    this.overlay.set(product.id, product);
    this.writes++;
    this.trackParents(existing?.configurable?.childSkus ?? [], product);
    this.trackBundle(existing, product);
    return { product, created: !existing };
  }

  /**
   * The options bundle `sku` has once a save sent `sent` (a non-empty `bundle_product_options`):
   * validated and given ids here, before the save, so a refused list stores nothing (store/bundles.ts).
   */
  bundleOptionsAfter(sku: string, sent: BundleOptionInput[]): BundleOption[] {
    const ctx = { bundleSku: sku, lookup: (s: string) => this.getBySku(s), ids: this.bundleIds };
    return saveBundleOptions(ctx, this.getBySku(sku)?.bundleOptions ?? [], sent);
  }

  async delete(sku: string): Promise<void> {
    const product = this.require(sku);
    await this.changes.publish({ entity: 'product', kind: 'deleted', product, storeCode: GLOBAL_SCOPE });
    this.overlay.delete(product.id);
    this.writes++;
    this.indexUrlKeys(sku, []);
    this.createdSkus.delete(sku);
    this.deletedCount++;
    this.trackBundle(product, undefined);
    this.dropSelectionsOf(sku);
  }

  private trackBundle(before: Product | undefined, after: Product | undefined): void {
    const bundleSku = (after ?? before)?.sku ?? '';
    for (const sku of componentSkus(before?.bundleOptions)) this.bundlesLinking.get(sku)?.delete(bundleSku);
    for (const sku of componentSkus(after?.bundleOptions)) {
      const bundles = this.bundlesLinking.get(sku) ?? new Set<string>();
      this.bundlesLinking.set(sku, bundles.add(bundleSku));
    }
  }

  /**
   * A deleted component leaves the bundles that linked it, as the selection table's foreign key to
   * the product cascades in Magento: no save of the bundle (no event, `updated_at` unchanged).
   */
  private dropSelectionsOf(sku: string): void {
    for (const bundleSku of this.bundlesLinking.get(sku) ?? []) {
      const bundle = this.getBySku(bundleSku);
      if (bundle?.bundleOptions) this.overlay.set(bundle.id, { ...bundle, bundleOptions: withoutComponent(bundle.bundleOptions, sku) });
    }
    this.bundlesLinking.delete(sku);
  }

  /**
   * Magento keeps a product's URL unique per store view: a URL key another product has (globally, or
   * in the same store view) is refused with "URL key for specified store already exists.". Only
   * products written through the API are compared (generated URL keys end in their SKU).
   */
  private checkUrlKeys(product: Product): string[] {
    const keys = [`\0${product.urlKey}`, ...Object.entries(product.storeTexts).flatMap(([code, t]) => (t.urlKey ? [`${code}\0${t.urlKey}`] : []))];
    for (const key of keys) {
      const global = `\0${key.split('\0')[1]}`;
      for (const candidate of new Set([key, global])) {
        const owner = this.urlKeys.get(candidate);
        if (owner !== undefined && owner !== product.sku) throw new MagentoStoreError('URL key for specified store already exists.');
      }
    }
    return keys;
  }

  private indexUrlKeys(sku: string, keys: string[]): void {
    for (const key of this.urlKeysOf.get(sku) ?? []) if (this.urlKeys.get(key) === sku) this.urlKeys.delete(key);
    for (const key of keys) this.urlKeys.set(key, sku);
    if (keys.length) this.urlKeysOf.set(sku, keys);
    else this.urlKeysOf.delete(sku);
  }

  /**
   * `POST /V1/products/{sku}/media`: adds an entry and answers its id. Roles (`types`) the new entry
   * takes are taken from the other entries, as Magento does.
   */
  async addMedia(sku: string, entry: Omit<MediaEntry, 'id'>): Promise<number> {
    const product = this.require(sku);
    const id = this.nextMediaId++;
    const others = product.media.map((m) => ({ ...m, types: m.types.filter((t) => !entry.types.includes(t)) }));
    await this.save({ sku, media: [...others, { ...entry, id }] });
    return id;
  }

  /** `DELETE /V1/products/{sku}/media/{entryId}`. */
  async removeMedia(sku: string, id: number): Promise<void> {
    const product = this.require(sku);
    if (!product.media.some((m) => m.id === id)) throw noSuchEntity("The image doesn't exist. Verify and try again.");
    await this.save({ sku, media: product.media.filter((m) => m.id !== id) });
  }

  /** `POST /V1/configurable-products/{sku}/options`: returns the option id. */
  async addConfigurableOption(
    parentSku: string,
    option: Omit<ConfigurableOption, 'id'>,
  ): Promise<number> {
    const parent = this.require(parentSku);
    const config = parent.configurable ?? { options: [], childSkus: [] };
    if (config.options.some((o) => o.attributeId === option.attributeId)) {
      throw new MagentoStoreError('Something went wrong while saving option.');
    }
    const id = parent.id * 100 + config.options.length + 1;
    const options = [...config.options, { ...option, id }];
    await this.save({ sku: parentSku, typeId: 'configurable', configurable: { ...config, options } });
    return id;
  }

  /** `POST /V1/configurable-products/{sku}/child`. */
  async addChild(parentSku: string, childSku: string): Promise<void> {
    const parent = this.require(parentSku);
    this.require(childSku);
    const config = parent.configurable ?? { options: [], childSkus: [] };
    if (config.childSkus.includes(childSku)) {
      throw new MagentoStoreError('The product is already attached.');
    }
    await this.save({
      sku: parentSku,
      typeId: 'configurable',
      configurable: { ...config, childSkus: [...config.childSkus, childSku] },
    });
  }

  async removeChild(parentSku: string, childSku: string): Promise<void> {
    const parent = this.require(parentSku);
    const config = parent.configurable;
    // As Magento's LinkManagement::removeChild: an InputException for a product that is not
    // configurable, a NoSuchEntityException for a product that is not (or no longer) its child.
    if (!config) throw new MagentoStoreError('The product with the "%1" SKU isn\'t a configurable product.', [parentSku]);
    if (!this.children(parentSku).some((c) => c.sku === childSku)) throw noSuchEntity('The option that was requested doesn\'t exist. Verify the entity and try again.');
    await this.save({
      sku: parentSku,
      configurable: { ...config, childSkus: config.childSkus.filter((s) => s !== childSku) },
    });
  }

  private trackParents(before: string[], product: Product): void {
    const after = product.configurable?.childSkus ?? [];
    for (const sku of before) if (!after.includes(sku)) this.writtenParents.set(sku, null);
    for (const sku of after) this.writtenParents.set(sku, product.sku);
  }
}

/** Name, description and url key as seen in one store view. */
export function textsIn(product: Product, storeCode: string): Required<StoreScopedTexts> {
  const scoped = product.storeTexts[storeCode] ?? {};
  return {
    name: scoped.name ?? product.name,
    description: scoped.description ?? product.description,
    urlKey: scoped.urlKey ?? product.urlKey,
    custom: scoped.custom ?? {},
  };
}

function applyPatch(current: Product, patch: ProductPatch, storeCode: string, now: number, scopeOf: (code: string) => string | undefined): Product {
  const next: Product = { ...current, ...definedOnly(patch), id: current.id, sku: current.sku, updatedAt: now };
  if (storeCode !== GLOBAL_SCOPE && storeCode !== 'admin') {
    // Store-view scope: texts become overrides for that view; the global values stay as they were.
    const scoped: StoreScopedTexts = { ...(current.storeTexts[storeCode] ?? {}) };
    if (patch.name !== undefined) scoped.name = patch.name;
    if (patch.description !== undefined) scoped.description = patch.description;
    if (patch.urlKey !== undefined) scoped.urlKey = patch.urlKey;
    next.name = current.name;
    next.description = current.description;
    next.urlKey = current.urlKey;
    // Values of store- and website-scoped attributes written through a store view stay that view's
    // (as Magento keeps them per store); values of global attributes are global.
    if (patch.customAttributes) {
      const custom = { ...(scoped.custom ?? {}) };
      const globalValues = { ...patch.customAttributes };
      for (const code of Object.keys(patch.customAttributes)) {
        if ((scopeOf(code) ?? 'global') === 'global') continue;
        const value = patch.customAttributes[code];
        if (value === undefined || value === current.customAttributes[code]) continue;
        custom[code] = String(value);
        if (current.customAttributes[code] === undefined) delete globalValues[code];
        else globalValues[code] = current.customAttributes[code]!;
      }
      next.customAttributes = globalValues;
      if (Object.keys(custom).length > 0) scoped.custom = custom;
    }
    next.storeTexts = { ...current.storeTexts, [storeCode]: scoped };
  }
  return next;
}

function newProduct(id: number, patch: ProductPatch, now: number): Product {
  const name = patch.name ?? patch.sku;
  return {
    id,
    sku: patch.sku,
    typeId: patch.typeId ?? 'simple',
    attributeSetId: patch.attributeSetId ?? 4,
    name,
    description: patch.description ?? '',
    urlKey: patch.urlKey ?? urlKeyOf(name, patch.sku),
    storeTexts: {},
    price: patch.price ?? 0,
    specialPrice: patch.specialPrice ?? null,
    status: patch.status ?? 1,
    visibility: patch.visibility ?? 4,
    weight: patch.weight ?? 0,
    taxClassId: patch.taxClassId ?? 2,
    ean: patch.ean ?? null,
    categoryIds: patch.categoryIds ?? [],
    websiteIds: patch.websiteIds ?? [1],
    media: patch.media ?? [],
    customAttributes: patch.customAttributes ?? {},
    configurable: patch.configurable ?? (patch.typeId === 'configurable' ? { options: [], childSkus: [] } : null),
    ...(patch.tierPrices ? { tierPrices: patch.tierPrices } : {}),
    ...(patch.links ? { links: patch.links } : {}),
    ...(patch.bundleOptions ? { bundleOptions: patch.bundleOptions } : {}),
    ...(patch.websitePrices ? { websitePrices: patch.websitePrices } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

export function urlKeyOf(name: string, sku: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug ? `${slug}-${sku.toLowerCase()}` : sku.toLowerCase();
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
