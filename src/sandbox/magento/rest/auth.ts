import type { MiddlewareHandler } from 'hono';
import { errorBody } from './http.js';

/** ACL resource Magento names in its 401 answer, by the first path segment after `V1`. */
const RESOURCES: Record<string, string> = {
  products: 'Magento_Catalog::products',
  'configurable-products': 'Magento_Catalog::products',
  categories: 'Magento_Catalog::categories',
  inventory: 'Magento_InventoryApi::source',
  orders: 'Magento_Sales::actions_view',
  order: 'Magento_Sales::ship',
  invoices: 'Magento_Sales::sales_invoice',
  shipments: 'Magento_Sales::shipment',
  customers: 'Magento_Customer::manage',
  store: 'Magento_Backend::store',
  stockItems: 'Magento_CatalogInventory::cataloginventory',
};

/**
 * Integration access token as bearer token (`oauth/consumer/enable_integration_as_bearer = 1`).
 * Anything else, including no header, gets Magento's 401.
 */
export function bearerAuth(getToken: () => string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match || match[1] !== getToken()) {
      const segment = /\/V1\/([^/?]+)/.exec(c.req.path)?.[1] ?? '';
      return c.json(
        errorBody("The consumer isn't authorized to access %resources.", { resources: RESOURCES[segment] ?? 'Magento_Backend::admin' }),
        401,
      );
    }
    await next();
  };
}
