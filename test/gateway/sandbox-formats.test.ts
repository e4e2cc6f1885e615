import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget, type WebhookFormat } from '../../src/sandbox/magento/webhooks/config.js';
import type { WebhookEvent } from '../../src/sandbox/magento/webhooks/events.js';
import { renderWebhook } from '../../src/sandbox/magento/webhooks/formats.js';
import { generateStandardSecret, generateWebhookKeys } from '../../src/sandbox/magento/webhooks/signing.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * The Magento sandbox renders webhooks in all four formats the way Magento (and its extensions) send
 * them; the gateway must read each into the same normalized event.
 */
const keys = generateWebhookKeys();
const secret = generateStandardSecret();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    relay: false,
    env: {
      MAGENTO_WEBHOOK_PUBLIC_KEY: keys.publicKeyPem,
      MAGENTO_IO_EVENTS_PUBLIC_KEY: keys.publicKeyPem,
      MAGENTO_WEBHOOK_SECRET: secret,
      MAGENTO_WEBHOOK_BASIC_AUTH: 'shop:hook-pass',
    },
  });
}, 180_000);
afterAll(async () => h?.close());

const events: { event: WebhookEvent; expected: { entity: string; kind: string; keys: string[] } }[] = [
  {
    event: {
      type: 'order.placed', commerceMethod: 'plugin.magento.sales.api.order_management.place', dataKey: 'order',
      ioEvent: 'sales_order_place_after', hook: 'new_order', storeId: 1,
      entity: { increment_id: '000000042', grand_total: 99.5 }, keys: { increment_id: '000000042' },
    },
    expected: { entity: 'order', kind: 'placed', keys: ['000000042'] },
  },
  {
    event: {
      type: 'product.saved', commerceMethod: 'observer.catalog_product_save_after', dataKey: 'product',
      ioEvent: 'catalog_product_save_commit_after', hook: 'update_product', storeId: 0,
      entity: { entity_id: '7', sku: 'MB-01', name: 'Bag' }, keys: { sku: 'MB-01', id: 7, store_code: 'all' },
    },
    expected: { entity: 'product', kind: 'saved', keys: ['MB-01'] },
  },
  {
    event: {
      type: 'source_item.saved', commerceMethod: 'observer.cataloginventory_stock_item_save_after', dataKey: 'item',
      ioEvent: 'cataloginventory_stock_item_save_commit_after', hook: 'update_stock', storeId: 0,
      entity: { sku: 'MB-01', source_code: 'default', quantity: 5 }, keys: { sku: 'MB-01', source_code: 'default' },
    },
    expected: { entity: 'stock', kind: 'saved', keys: ['MB-01'] },
  },
  {
    event: {
      type: 'shipment.saved', commerceMethod: 'observer.sales_order_shipment_save_after', dataKey: 'shipment',
      ioEvent: 'sales_order_shipment_save_commit_after', hook: 'new_shipment', storeId: 1,
      entity: { entity_id: '3', order_id: '12', order_increment_id: '000000012' },
      keys: { entity_id: 3, order_id: 12, order_increment_id: '000000012' },
    },
    expected: { entity: 'shipment', kind: 'saved', keys: ['000000012'] },
  },
  {
    event: {
      type: 'customer.saved', commerceMethod: 'observer.customer_save_after', dataKey: 'customer',
      ioEvent: 'customer_save_commit_after', hook: 'new_customer', storeId: 1,
      entity: { entity_id: '55', email: 'a@example.com' }, keys: { id: 55, email: 'a@example.com' },
    },
    expected: { entity: 'customer', kind: 'saved', keys: ['55'] },
  },
];

const formats: WebhookFormat[] = ['commerce-webhooks', 'io-events', 'extension', 'standard'];

describe.each(formats)('the sandbox %s format', (format) => {
  it.each(events.map((e) => [e.event.type, e] as const))('%s reads as the same normalized event', async (_type, { event, expected }) => {
    const target = resolveTarget({
      url: `${h.url}/webhooks/magento`, format, secret,
      ...(format === 'extension' ? { basicAuth: { username: 'shop', password: 'hook-pass' } } : {}),
    }, 0, generateStandardSecret);
    const rendered = renderWebhook(target, event, { keys, instanceId: 'test', now: Date.now });
    const res = await h.post('/webhooks/magento', rendered.body, rendered.headers);
    expect(res.status).toBe(200);
    const [row] = await h.db.query<{ event: unknown }>('select event from webhook_inbox order by id desc limit 1');
    expect(row?.event).toEqual({ source: 'magento', ...expected });
  });
});
