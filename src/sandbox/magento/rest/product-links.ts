/**
 * Product link management: `GET /V1/products/{sku}/links/{type}` (`catalogProductLinkManagementV1`),
 * `POST /V1/products/{sku}/links` and `DELETE /V1/products/{sku}/links/{type}/{linkedProductSku}`
 * (`catalogProductLinkRepositoryV1`). The POST keeps Magento's `ProductLink\Management::setProductLinks`
 * as it is: the existing links of the type of the *last* item are replaced by all the items (links of
 * other types stay), and an empty list changes nothing.
 */
import { Hono } from 'hono';
import type { MagentoStore, Product } from '../store/index.js';
import { MagentoStoreError } from '../store/index.js';
import { noSuchEntity } from '../store/errors.js';
import type { ProductLink } from '../store/types.js';
import { readJson, str, type RestEnv } from './http.js';

const LINK_TYPES = ['related', 'upsell', 'crosssell'] as const;
type LinkType = ProductLink['type'];
const isLinkType = (type: string): type is LinkType => (LINK_TYPES as readonly string[]).includes(type);

const render = (store: MagentoStore, product: Product, l: ProductLink) => ({
  sku: product.sku,
  link_type: l.type,
  linked_product_sku: l.sku,
  linked_product_type: store.products.getBySku(l.sku)?.typeId ?? 'simple',
  position: l.position,
});

export function productLinkRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();

  app.get('/products/:sku/links/:type', (c) => {
    const product = store.products.require(c.req.param('sku'));
    const type = c.req.param('type');
    if (!isLinkType(type)) throw noSuchEntity('The "%1" link type is unknown. Verify the type and try again.', [type]);
    return c.json((product.links ?? []).filter((l) => l.type === type).map((l) => render(store, product, l)));
  });

  app.post('/products/:sku/links', async (c) => {
    const body = await readJson(c);
    const items = Array.isArray((body as { items?: unknown }).items) ? ((body as { items: unknown[] }).items) : [];
    let type: LinkType | undefined;
    const wanted: ProductLink[] = items.map((raw, i) => {
      const item = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const linkType = str(item.link_type);
      if (!linkType) throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: 'linkType' });
      if (!isLinkType(linkType)) throw noSuchEntity('The "%1" link type wasn\'t found. Verify the type and try again.', [linkType]);
      type = linkType;
      return { type: linkType, sku: str(item.linked_product_sku) ?? '', position: Number(item.position ?? i) };
    });
    const product = store.products.require(c.req.param('sku'));
    if (wanted.some((l) => !store.products.getBySku(l.sku))) {
      throw new MagentoStoreError('The linked products data is invalid. Verify the data and try again.');
    }
    const kept = (product.links ?? []).filter((l) => l.type !== type);
    await store.products.save({ sku: product.sku, links: [...kept, ...wanted] });
    return c.json(true);
  });

  app.delete('/products/:sku/links/:type/:linked', async (c) => {
    const product = store.products.require(c.req.param('sku'));
    const linked = store.products.require(c.req.param('linked'));
    const links = product.links ?? [];
    const type = c.req.param('type');
    const rest = links.filter((l) => !(l.type === type && l.sku === linked.sku));
    if (rest.length === links.length) {
      throw noSuchEntity("Product with SKU '%1' is not linked to product with SKU '%2'", [linked.sku, product.sku]);
    }
    await store.products.save({ sku: product.sku, links: rest });
    return c.json(true);
  });

  return app;
}
