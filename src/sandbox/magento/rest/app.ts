import { Hono } from 'hono';
import type { MagentoStore } from '../store/index.js';
import { attributeRoutes } from './attributes.js';
import { bearerAuth } from './auth.js';
import { basePriceRoutes } from './base-prices.js';
import { categoryRoutes } from './categories.js';
import { customerRoutes } from './customers.js';
import { fieldsFilter } from './fields-filter.js';
import type { RestEnv } from './http.js';
import { inventoryRoutes } from './inventory.js';
import { orderRoutes } from './orders.js';
import { plentygateModuleRoutes } from './plentygate-module.js';
import { productLinkRoutes } from './product-links.js';
import { productRoutes } from './products.js';
import { storeRoutes } from './stores.js';

/**
 * Mounts the REST API at `/rest/V1` (default store view), `/rest/all/V1` (global scope) and
 * `/rest/<store_code>/V1`. An unknown store code is not a store prefix for Magento, so the path
 * matches no route.
 */
export function mountRest(app: Hono<RestEnv>, store: MagentoStore, options: { token: () => string; baseUrl: () => string }): void {
  const v1 = new Hono<RestEnv>();
  v1.use('*', bearerAuth(options.token));
  v1.use('*', fieldsFilter());
  for (const routes of [
    // Before the product routes, whose `/products/:sku` would otherwise take `/products/attributes`.
    attributeRoutes(store),
    basePriceRoutes(store),
    productLinkRoutes(store),
    productRoutes(store),
    categoryRoutes(store),
    inventoryRoutes(store),
    orderRoutes(store),
    customerRoutes(store),
    plentygateModuleRoutes(store),
    storeRoutes(store, options.baseUrl),
  ]) {
    v1.route('/', routes);
  }
  const codes = new Set(['all', ...store.frontViews().map((v) => v.code)]);

  app.use('/rest/V1/*', async (c, next) => {
    c.set('storeCode', 'default');
    await next();
  });
  app.use('/rest/:storeCode/V1/*', async (c, next) => {
    const code = c.req.param('storeCode');
    if (!codes.has(code)) return c.json({ message: 'Request does not match any route.' }, 404);
    c.set('storeCode', code);
    await next();
  });
  app.route('/rest/V1', v1);
  app.route('/rest/:storeCode/V1', v1);
}
