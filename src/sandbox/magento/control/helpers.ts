import type { Context, Hono } from 'hono';
import { ZodError } from 'zod';
import type { MagentoStore, PlaceOrderInput } from '../store/index.js';
import { MagentoStoreError } from '../store/index.js';
import { readProductInput } from '../rest/product-input.js';
import { renderOrder } from '../rest/render-order.js';
import { renderProduct } from '../rest/render-product.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';
import type { WebhookTargetInput } from '../webhooks/config.js';

type Json = Record<string, unknown>;

/**
 * Magento-specific helpers under `/_sandbox` (not counted, not faulted):
 *   POST /_sandbox/orders          place an order for SKUs (guest or customer), like a shopper would
 *   POST /_sandbox/products        admin-style product save (bumps updated_at, fires webhooks)
 *   POST /_sandbox/source-items    admin-style stock change
 *   GET|PUT /_sandbox/webhooks     webhook targets (+ public key); PUT replaces them
 *   GET|DELETE /_sandbox/webhooks/deliveries, POST /_sandbox/webhooks/drain
 *   GET /_sandbox/webhooks/public-key.pem
 *   GET|PUT /_sandbox/version      the Magento release whose order-comment behaviour is reproduced
 */
export function mountMagentoHelpers(control: Hono, store: MagentoStore, webhooks: WebhookDispatcher, publicKeyPem: string): void {
  control.post('/orders', (c) =>
    guarded(c, async () => {
      const body = (await c.req.json()) as Json;
      const rawItems = Array.isArray(body.items) ? (body.items as Json[]) : [];
      const [carrierCode, methodCode] = String(body.shippingMethod ?? 'flatrate_flatrate').split('_');
      const input: PlaceOrderInput = {
        storeCode: typeof body.storeCode === 'string' ? body.storeCode : undefined,
        lines: rawItems.map((i) => ({ sku: String(i.sku), qty: Number(i.qty ?? 1), ...(i.parentSku ? { parentSku: String(i.parentSku) } : {}) })),
        customerId: body.customerId === undefined ? undefined : Number(body.customerId),
        email: typeof body.email === 'string' ? body.email : undefined,
        shippingMethod: { carrierCode: carrierCode ?? 'flatrate', methodCode: methodCode ?? carrierCode ?? 'flatrate' },
        paymentMethod: typeof body.paymentMethod === 'string' ? body.paymentMethod : undefined,
        ...(body.currency && typeof body.currency === 'object'
          ? { currency: { code: String((body.currency as Json).code), rate: Number((body.currency as Json).rate) } } : {}),
      };
      const order = await store.placeOrder(input);
      return c.json({ entity_id: order.entityId, increment_id: order.incrementId, order: renderOrder(store, order) }, 201);
    }),
  );

  control.get('/version', (c) => c.json({ version: store.orders.version }));
  control.put('/version', async (c) => {
    const body = (await c.req.json()) as Json;
    if (typeof body.version !== 'string' || !/^2\.\d+\.\d+(-p\d+)?$/.test(body.version)) {
      return c.json({ message: 'version: a Magento release such as "2.4.3" or "2.4.7-p1"' }, 400);
    }
    store.orders.version = body.version;
    return c.json({ version: store.orders.version });
  });

  control.post('/products', (c) =>
    guarded(c, async () => {
      const body = (await c.req.json()) as Json;
      const input = (body.product && typeof body.product === 'object' ? body.product : body) as Json;
      const sku = String(input.sku ?? '');
      const storeCode = typeof body.storeCode === 'string' ? body.storeCode : 'all';
      const existing = store.products.getBySku(sku);
      const { patch } = readProductInput(store, input, sku, !existing);
      const { product } = await store.products.save(patch, storeCode);
      return c.json(renderProduct(store, product, storeCode === 'all' ? 'default' : storeCode));
    }),
  );

  control.post('/source-items', (c) =>
    guarded(c, async () => {
      const body = (await c.req.json()) as Json;
      const items = Array.isArray(body.sourceItems) ? (body.sourceItems as Json[]) : [];
      await store.inventory.save(
        items.map((i) => ({ sku: String(i.sku), sourceCode: String(i.source_code ?? 'default'), quantity: Number(i.quantity ?? 0), status: Number(i.status ?? 1) === 1 ? 1 : 0 })),
      );
      return c.json([]);
    }),
  );

  control.get('/webhooks', (c) => c.json({ targets: webhooks.targets(), publicKeyPem, stats: webhooks.stats() }));
  control.put('/webhooks', (c) =>
    guarded(c, async () => {
      const body = (await c.req.json()) as Json | Json[];
      const inputs = (Array.isArray(body) ? body : Array.isArray(body.targets) ? body.targets : [body]) as WebhookTargetInput[];
      return c.json({ targets: webhooks.setTargets(inputs), publicKeyPem });
    }),
  );
  control.get('/webhooks/deliveries', (c) => c.json({ stats: webhooks.stats(), deliveries: webhooks.deliveries() }));
  control.delete('/webhooks/deliveries', (c) => {
    webhooks.clearDeliveries();
    return c.json({ deliveries: [] });
  });
  control.post('/webhooks/drain', async (c) => {
    await webhooks.drain();
    return c.json(webhooks.stats());
  });
  control.get('/webhooks/public-key.pem', (c) => c.text(publicKeyPem, 200, { 'content-type': 'application/x-pem-file' }));
}

async function guarded(c: Context, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof MagentoStoreError) return c.json({ message: error.message }, error.status);
    if (error instanceof ZodError) return c.json({ message: 'Invalid input', issues: error.issues }, 400);
    if (error instanceof SyntaxError) return c.json({ message: 'Body must be JSON' }, 400);
    throw error;
  }
}
