import { Hono } from 'hono';
import type { MagentoStore } from '../store/index.js';
import { MagentoStoreError } from '../store/index.js';
import { readJson, requireObject, str, type RestEnv } from './http.js';
import { createCustomer, customerJson } from './customers.js';
import { addMediaEntry } from './product-media.js';

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
 * `POST /V1/plentygate/products/{sku}/media` (`Model/ProductMediaFromUrl`) downloads `url` (http or
 * https, status 200, JPEG/PNG/GIF) and adds it through the gallery management as a base64 upload would
 * be, under `name`; a refused download is a 400 naming the URL and status.
 * A shop without the module answers 404 for them, with Magento's "Request does not match any route."
 */
export function plentygateModuleRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();
  app.post('/plentygate/customers', async (c) => {
    if (withoutModule.has(store)) return c.json({ message: 'Request does not match any route.' }, 404);
    const customer = await createCustomer(store, requireObject(await readJson(c), 'customer'));
    return c.json(customerJson(store, customer));
  });
  app.post('/plentygate/products/:sku/media', async (c) => {
    if (withoutModule.has(store)) return c.json({ message: 'Request does not match any route.' }, 404);
    const body = await readJson(c);
    const entry = requireObject(body, 'entry');
    const url = str(body.url) ?? '';
    if (!/^https?:\/\//i.test(url)) throw new MagentoStoreError('The image URL "%1" is not an http or https URL.', [url]);
    const answer = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch(() => undefined);
    const bytes = answer?.ok ? Buffer.from(await answer.arrayBuffer()) : Buffer.alloc(0);
    if (!answer || answer.status !== 200 || bytes.length === 0) {
      throw new MagentoStoreError('The image could not be downloaded from %1 (HTTP %2).', [url, String(answer?.status ?? 0)]);
    }
    const type = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!['image/jpeg', 'image/jpg', 'image/png', 'image/gif'].includes(type)) {
      throw new MagentoStoreError('The image at %1 is of type "%2"; Magento takes JPEG, PNG and GIF.', [url, type]);
    }
    const content = { base64_encoded_data: bytes.toString('base64'), type, name: str(body.name) ?? '' };
    return c.json(await addMediaEntry(store, c.req.param('sku'), { ...entry, content }));
  });
  return app;
}
