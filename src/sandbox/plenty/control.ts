/**
 * PlentyONE-specific helpers under `/_sandbox` (not logged, throttled or faulted):
 *  - `POST /_sandbox/stock` `{variationId, warehouseId, delta | quantity}`: warehouse activity;
 *  - `POST /_sandbox/orders/:orderId/status` `{statusId}`: move an order on (e.g. to 7, shipped);
 *  - `POST /_sandbox/orders/:orderId/packages` `{packageNumber, packageId?, weight?}`: tracking number;
 *  - `POST /_sandbox/sessions/expire` `{token?}`: expire one or all bearer tokens now;
 *  - `DELETE /_sandbox/sessions`: drop every session (frees the concurrent-session slots);
 *  - `DELETE /_sandbox/throttle`: reset every throttle window and counter;
 *  - `GET /_sandbox/webhooks`: callbacks sent so far (after waiting for those in flight).
 */
import type { Hono } from 'hono';
import type { ChangeSink } from './changes.js';
import { statusById } from './reference-data.js';
import type { SessionStore } from './sessions.js';
import type { OrderStore } from './stores/orders.js';
import type { StockStore } from './stores/stock.js';
import type { Throttle } from './throttle.js';
import type { WebhookSender } from './webhooks.js';

export interface ControlDeps {
  stock: StockStore;
  orders: OrderStore;
  sessions: SessionStore;
  throttle: Throttle;
  webhooks: WebhookSender;
  changed: ChangeSink;
}

async function json(c: import('hono').Context): Promise<Record<string, unknown>> {
  try {
    return ((await c.req.json()) as Record<string, unknown>) ?? {};
  } catch {
    return {};
  }
}

export function plentyControl(d: ControlDeps) {
  return (control: Hono): void => {
    control.post('/stock', async (c) => {
      const b = await json(c);
      const variationId = Number(b.variationId);
      const warehouseId = Number(b.warehouseId ?? d.stock.warehouses[0]?.warehouseId);
      const row =
        b.quantity !== undefined
          ? d.stock.correct(variationId, warehouseId, Number(b.quantity))
          : d.stock.change(variationId, warehouseId, Number(b.delta ?? 0));
      if (!row) return c.json({ error: `no stock for variation ${variationId} in warehouse ${warehouseId}` }, 404);
      d.changed({ entity: 'stock', action: 'updated', ids: [variationId], variationIds: [variationId], warehouseIds: [warehouseId] });
      return c.json(row);
    });
    control.post('/orders/:orderId/status', async (c) => {
      const b = await json(c);
      const statusId = Number(b.statusId);
      if (!statusById(statusId)) return c.json({ error: `unknown status ${String(b.statusId)}` }, 400);
      const o = d.orders.setStatus(Number(c.req.param('orderId')), statusId);
      if (!o) return c.json({ error: 'order not found' }, 404);
      d.changed({ entity: 'order', action: 'updated', ids: [o.id] });
      return c.json({ id: o.id, statusId: o.statusId, statusName: o.statusName });
    });
    control.post('/orders/:orderId/packages', async (c) => {
      const b = await json(c);
      const pkg = d.orders.addPackage(Number(c.req.param('orderId')), { packageId: 1, ...b } as never);
      if (!pkg) return c.json({ error: 'order not found' }, 404);
      d.changed({ entity: 'order', action: 'updated', ids: [pkg.orderId] });
      return c.json(pkg);
    });
    control.post('/sessions/expire', async (c) => {
      const b = await json(c);
      return c.json({ expired: d.sessions.expire(typeof b.token === 'string' ? b.token : undefined) });
    });
    control.delete('/sessions', (c) => {
      d.sessions.clear();
      return c.json({ cleared: true });
    });
    control.delete('/throttle', (c) => {
      d.throttle.reset();
      return c.json({ reset: true });
    });
    control.get('/webhooks', async (c) => {
      await d.webhooks.flush();
      return c.json({ deliveries: d.webhooks.deliveries });
    });
  };
}
