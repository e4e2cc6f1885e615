import { Hono } from 'hono';
import type { MagentoStore, Product } from '../store/index.js';
import { MagentoStoreError, PRODUCT_NOT_FOUND } from '../store/index.js';
import { noSuchEntity } from '../store/errors.js';
import { DEFAULT_SOURCE } from '../store/inventory.js';
import { intParam, num, readJson, requireObject, str, type RestEnv } from './http.js';
import { readProductInput } from './product-input.js';
import { readStockItemInput, validateStockItemIds } from './stock-item-input.js';
import { productField, renderOption, renderProduct, stockItem } from './render-product.js';
import { searchEntities } from './entity-search.js';
import { mediaRoutes } from './product-media.js';
import { scanProducts } from './product-scan.js';
import {
  echoCriteria,
  parseSearchCriteria,
  searchRecords,
  type SearchCriteria,
} from './search-criteria.js';

/** `/V1/products` and `/V1/configurable-products`. */
export function productRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();

  app.get('/products', (c) => {
    const criteria = parseSearchCriteria(new URL(c.req.url));
    const storeCode = c.get('storeCode');
    const { items, total } = searchProducts(store, criteria, storeCode);
    return c.json({
      items: items.map((p) => renderProduct(store, p, storeCode)),
      search_criteria: echoCriteria(criteria),
      total_count: total,
    });
  });

  app.get('/products/:sku', (c) => {
    const product = store.products.require(c.req.param('sku'));
    return c.json(renderProduct(store, product, c.get('storeCode')));
  });

  // Magento's POST and PUT both upsert by SKU.
  app.post('/products', async (c) => {
    const input = requireObject(await readJson(c), 'product');
    const sku = str(input.sku);
    if (!sku) throw new MagentoStoreError('The "%1" attribute value is empty. Set the attribute and try again.', ['sku']);
    return c.json(await saveProduct(store, input, sku, c.get('storeCode')));
  });

  app.put('/products/:sku', async (c) => {
    const input = requireObject(await readJson(c), 'product');
    return c.json(await saveProduct(store, input, c.req.param('sku'), c.get('storeCode')));
  });

  app.delete('/products/:sku', async (c) => {
    await store.products.delete(c.req.param('sku'));
    return c.json(true);
  });

  // Legacy single-source stock (CatalogInventory API): maps to the `default` MSI source.
  app.get('/stockItems/:sku', (c) => {
    const product = store.products.require(c.req.param('sku'));
    const qty = store.inventory.salableQty(product.sku);
    return c.json(stockItem(product, qty, qty > 0, store.inventory.stockItemOf(product.sku)));
  });

  // StockRegistry::updateStockItemBySku: the fields sent are merged into the product's stock item
  // (the item id of the path is not used) and the item id is answered.
  app.put('/products/:sku/stockItems/:itemId', async (c) => {
    const { settings, qty, isInStock } = readStockItemInput(requireObject(await readJson(c), 'stockItem'), []);
    const product = store.products.require(c.req.param('sku'));
    if (qty === undefined && Object.keys(settings).length === 0) {
      throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: 'qty' });
    }
    store.inventory.updateStockItem(product.sku, settings);
    if (qty !== undefined) {
      await store.inventory.save([{ sku: product.sku, sourceCode: DEFAULT_SOURCE, quantity: qty, status: (isInStock ?? qty > 0) ? 1 : 0 }]);
    }
    return c.json(product.id);
  });

  mediaRoutes(app, store);

  app.get('/configurable-products/:sku/children', (c) => {
    const parent = store.products.require(c.req.param('sku'));
    return c.json(store.products.children(parent.sku).map((p) => renderProduct(store, p, c.get('storeCode'))));
  });

  app.get('/configurable-products/:sku/options/all', (c) => {
    const parent = store.products.require(c.req.param('sku'));
    return c.json((parent.configurable?.options ?? []).map((o) => renderOption(o, parent.id)));
  });

  app.post('/configurable-products/:sku/options', async (c) => {
    const option = requireObject(await readJson(c), 'option');
    const attributeId = intParam(str(option.attribute_id));
    const attribute = store.attributes.find((a) => a.attributeId === attributeId);
    if (!attribute) throw noSuchEntity('The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.', [String(attributeId)]);
    const values = Array.isArray(option.values) ? (option.values as Record<string, unknown>[]).map((v) => Number(v.value_index)) : [];
    if (values.length === 0) throw new MagentoStoreError('Option values are not specified.');
    const id = await store.products.addConfigurableOption(c.req.param('sku'), {
      attributeId,
      attributeCode: attribute.code,
      label: str(option.label) ?? attribute.label,
      position: num(option.position) ?? 0,
      values,
    });
    return c.json(id);
  });

  app.post('/configurable-products/:sku/child', async (c) => {
    const body = await readJson(c);
    const childSku = str(body.childSku ?? body.child_sku);
    if (!childSku) throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: 'childSku' });
    // As Magento's LinkManagement: the child needs a value for every super attribute of the parent.
    const parent = store.products.require(c.req.param('sku'));
    const child = store.products.require(childSku);
    for (const option of parent.configurable?.options ?? []) {
      if (!child.customAttributes[option.attributeCode]) {
        throw new MagentoStoreError('The child product doesn\'t have the "%1" attribute value. Verify the value and try again.', [option.attributeCode]);
      }
    }
    await store.products.addChild(c.req.param('sku'), childSku);
    return c.json(true);
  });

  app.delete('/configurable-products/:sku/children/:childSku', async (c) => {
    await store.products.removeChild(c.req.param('sku'), c.req.param('childSku'));
    return c.json(true);
  });

  return app;
}

async function saveProduct(store: MagentoStore, input: Record<string, unknown>, sku: string, storeCode: string) {
  const existing = store.products.getBySku(sku);
  // Under the "Website" price scope a store view's save writes its website's price (and tier prices).
  const websiteId = store.config.priceScope === 'website' && storeCode !== 'all' && storeCode !== 'admin' ? store.storeView(storeCode).websiteId : 0;
  const { patch, stock, childIds, stockItem } = readProductInput(store, input, sku, !existing, websiteId);
  // SaveInventoryDataObserver validates the stock item inside the product save: a refusal stores nothing.
  if (stockItem) validateStockItemIds(stockItem, existing?.id);
  if (websiteId !== 0 && existing && patch.price !== undefined) {
    patch.websitePrices = { ...existing.websitePrices, [websiteId]: patch.price };
    delete patch.price;
  }
  if (childIds) {
    // As Magento's ProductRepositorySave plugin: each linked child has a value for every super
    // attribute given in the same save, and no two children have the same values.
    const given = (patch.configurable?.options ?? []).map((o) => o.attributeCode);
    const seen = new Map<string, number>();
    const childSkus = childIds.map((id) => {
      const child = store.products.getById(id);
      if (!child) throw noSuchEntity(PRODUCT_NOT_FOUND);
      let key = '';
      for (const code of given) {
        const value = child.customAttributes[code];
        if (!value) throw new MagentoStoreError('Product with id "%1" does not contain required attribute "%2".', [String(id), code]);
        key += `${code}:${String(value)};`;
      }
      const twin = seen.get(key);
      if (twin !== undefined) throw new MagentoStoreError('Products "%1" and "%2" have the same set of attribute values.', [String(id), String(twin)]);
      seen.set(key, id);
      return child.sku;
    });
    const options = patch.configurable?.options ?? existing?.configurable?.options ?? [];
    patch.configurable = { options, childSkus };
  } else if (patch.configurable && existing?.configurable) {
    patch.configurable = { ...patch.configurable, childSkus: existing.configurable.childSkus };
  }
  const { product } = await store.products.save(patch, storeCode === 'default' && !existing ? 'all' : storeCode);
  if (stock && product.typeId === 'simple') {
    // Legacy stock item on the default source, as Magento's MSI compatibility layer does.
    await store.inventory.save([{ sku, sourceCode: DEFAULT_SOURCE, quantity: stock.qty, status: stock.isInStock ? 1 : 0 }]);
  }
  if (stockItem) store.inventory.updateStockItem(sku, stockItem.settings);
  return renderProduct(store, product, storeCode);
}

/**
 * Product search. SKU filters are answered by lookup; everything else goes through
 * `searchEntities` (id paging, delta scans over written products). Past the last page the product
 * repository answers an empty page (Magento 2.4), unlike the other lists.
 */
export function searchProducts(
  store: MagentoStore,
  criteria: SearchCriteria,
  storeCode: string,
): { items: Product[]; total: number } {
  const read = productField(storeCode);
  const { products } = store;
  for (const group of criteria.filterGroups) {
    if (group.filters.length > 0 && group.filters.every((f) => f.field === 'sku' && (f.conditionType === 'eq' || f.conditionType === 'in'))) {
      const skus = new Set(group.filters.flatMap((f) => (f.conditionType === 'in' ? f.value.split(',') : [f.value])).map((s) => s.trim()));
      const found = [...skus].flatMap((sku) => products.getBySku(sku) ?? []).sort((a, b) => a.id - b.id);
      return searchRecords(found, criteria, read, false);
    }
  }
  const source = {
    count: products.count,
    maxId: products.maxId,
    isContiguous: products.isContiguous,
    generatedUntilMs: products.generatedUntilMs,
    get: (id: number) => products.getById(id),
    iterate: () => products.iterate(),
    written: () => products.written(),
    // Children of configurables are asked for by entity id: answered without scanning the catalog.
    lookup: (field: string, values: string[]) => (field === 'entity_id' ? values.flatMap((v) => products.getById(Number(v)) ?? []) : undefined),
    scan: (c: SearchCriteria) => scanProducts(products, c, storeCode, read),
  };
  return searchEntities(source, criteria, read, (p) => p.id, false);
}
