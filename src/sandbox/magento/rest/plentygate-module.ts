import { Hono } from 'hono';
import type { MagentoStore } from '../store/index.js';
import { readJson, requireObject, type RestEnv } from './http.js';
import { createCustomer, customerJson } from './customers.js';

/**
 * Routes the plentygate Magento module (`magento/module-plentygate`, etc/webapi.xml) adds to a shop:
 * `POST /V1/plentygate/customers` creates a customer through `CustomerRepositoryInterface::save`,
 * which, unlike `POST /V1/customers` (`AccountManagement::createAccount`), sends no welcome e-mail.
 * (A shop without the module answers 404 for it: Magento's "Request does not match any route.")
 */
export function plentygateModuleRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();
  app.post('/plentygate/customers', async (c) => {
    const customer = await createCustomer(store, requireObject(await readJson(c), 'customer'));
    return c.json(customerJson(store, customer));
  });
  return app;
}
