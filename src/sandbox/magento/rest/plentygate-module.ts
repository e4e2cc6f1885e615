import { Hono } from 'hono';
import type { MagentoStore } from '../store/index.js';
import { readJson, requireObject, type RestEnv } from './http.js';
import { createCustomer, customerJson } from './customers.js';

// Shops without the module (tests switch it off per store).
const withoutModule = new WeakSet<MagentoStore>();

/** Whether the shop has the plentygate Magento module (default: yes); without it its routes answer 404. */
export function setPlentygateModuleInstalled(store: MagentoStore, installed: boolean): void {
  if (installed) withoutModule.delete(store);
  else withoutModule.add(store);
}

/**
 * Routes the plentygate Magento module (`magento/module-plentygate`, etc/webapi.xml) adds to a shop:
 * `POST /V1/plentygate/customers` creates a customer through `CustomerRepositoryInterface::save`,
 * which, unlike `POST /V1/customers` (`AccountManagement::createAccount`), sends no welcome e-mail.
 * A shop without the module answers 404 for it, with Magento's "Request does not match any route."
 */
export function plentygateModuleRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();
  app.post('/plentygate/customers', async (c) => {
    if (withoutModule.has(store)) return c.json({ message: 'Request does not match any route.' }, 404);
    const customer = await createCustomer(store, requireObject(await readJson(c), 'customer'));
    return c.json(customerJson(store, customer));
  });
  return app;
}
