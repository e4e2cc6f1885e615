/**
 * The order back-sync's rules that the sandboxes cannot show: decimal status ids, per-item outgoing
 * quantities from PlentyONE order item transactions, carrier mapping and the config's new keys.
 */
import { describe, expect, it } from 'vitest';
import type { MagentoOrderItem } from '../../src/connectors/magento/schemas/order.js';
import type { Order } from '../../src/connectors/plenty/index.js';
import { packageNumbers, shipsAt, stateHash } from '../../src/profiles/types/plenty_order_import/back-sync.js';
import { carrierFor, shippingProfileOf } from '../../src/profiles/types/plenty_order_import/carrier.js';
import { orderImportConfigSchema } from '../../src/profiles/types/plenty_order_import/config.js';
import { outgoingBySku, planShipment } from '../../src/profiles/types/plenty_order_import/shipment-plan.js';
import { compareStatus, lookupStatus, statusKey } from '../../src/profiles/types/plenty_order_import/status.js';
import { builtinRegistry } from '../../src/profiles/registry.js';

const line = (item_id: number, sku: string, qty_ordered: number, extra: Partial<MagentoOrderItem> = {}): MagentoOrderItem =>
  ({ item_id, sku, qty_ordered, qty_shipped: 0, qty_canceled: 0, ...extra });

const plentyOrder = (fields: Partial<Order> = {}): Order => ({ id: 7, typeId: 1, statusId: 7, ...fields }) as Order;

describe('status ids compare as decimals', () => {
  it('treats 5.1 and "5.10" as one status and orders 5.10 below 5.9 and 5.15 below 5.2', () => {
    expect(statusKey('5.10')).toBe('5.1');
    expect(statusKey(5.1)).toBe('5.1');
    expect(compareStatus('5.10', 5.1)).toBe(0);
    expect(compareStatus('5.10', '5.9')).toBe(-1);
    expect(compareStatus('5.15', '5.2')).toBe(-1);
    expect(compareStatus(7, '6.99')).toBe(1);
    expect(compareStatus('7.1', 7)).toBe(1);
    expect(lookupStatus({ '5.10': 'processing', '7': 'complete' }, '5.1')).toBe('processing');
    expect(lookupStatus({ '5.10': 'processing' }, 5.2)).toBeUndefined();
  });

  it('ships from shipments.minStatusId on, never for a cancel status', () => {
    const config = orderImportConfigSchema.parse({ statusActions: { '8.1': 'cancel' } });
    expect(shipsAt(config, '6.9')).toBe(false);
    expect(shipsAt(config, '7')).toBe(true);
    expect(shipsAt(config, '8.1')).toBe(false);
    expect(shipsAt(orderImportConfigSchema.parse({ shipments: { create: false } }), '7')).toBe(false);
  });
});

describe('what to ship', () => {
  it('without per-item bookings: every open quantity, less what Magento shipped or canceled, parents only', () => {
    const items = [
      line(1, 'A', 2, { qty_shipped: 1 }),
      line(2, 'B', 3, { qty_canceled: 1 }),
      line(3, 'C', 1, { qty_shipped: 1 }),
      line(4, 'D', 1),
      line(5, 'D', 1, { parent_item_id: 4 }),
    ];
    expect(planShipment(items, undefined)).toEqual([
      { order_item_id: 1, qty: 1 },
      { order_item_id: 2, qty: 2 },
      { order_item_id: 4, qty: 1 },
    ]);
  });

  it('with order item transactions: each line up to what PlentyONE booked out, item by item', () => {
    const outgoing = outgoingBySku([
      { typeId: 1, quantity: 3, variation: { number: 'A' }, transactions: [{ quantity: 2, direction: 'out', status: 'regular' }, { quantity: 1, direction: 'out', status: 'cancelled' }] },
      { typeId: 1, quantity: 2, variation: { number: 'B' }, transactions: [] },
      { typeId: 6, quantity: 1, transactions: [] },
    ]);
    expect(outgoing?.bySku).toEqual(new Map([['A', 2], ['B', 0]]));
    const items = [line(1, 'A', 3), line(2, 'B', 2)];
    expect(planShipment(items, outgoing)).toEqual([{ order_item_id: 1, qty: 2 }]);
    // Once two are shipped in Magento, the same bookings ship nothing more.
    expect(planShipment([line(1, 'A', 3, { qty_shipped: 2 }), line(2, 'B', 2)], outgoing)).toEqual([]);
  });

  it('reads no per-item bookings when the order items carry no transactions', () => {
    expect(outgoingBySku([{ typeId: 1, quantity: 1, variation: { number: 'A' } }])).toBeUndefined();
    expect(outgoingBySku(undefined)).toBeUndefined();
  });
});

describe('tracking numbers and carriers', () => {
  it('maps the shipping profile (order property 2, else the order line) to a carrier, else the default', () => {
    const config = orderImportConfigSchema.parse({ shipments: { carrierMap: { '6': { carrierCode: 'dhl', title: 'DHL' } } } });
    expect(shippingProfileOf(plentyOrder({ properties: [{ typeId: 2, value: '6' }] }))).toBe('6');
    expect(shippingProfileOf(plentyOrder({ orderItems: [{ typeId: 1, quantity: 1, shippingProfileId: 6 } as never] }))).toBe('6');
    expect(carrierFor(config, plentyOrder({ properties: [{ typeId: 2, value: '6' }] }))).toEqual({ carrierCode: 'dhl', title: 'DHL' });
    expect(carrierFor(config, plentyOrder())).toEqual({ carrierCode: 'custom', title: 'Tracking number' });
  });

  it('hashes status and package numbers, not the order of the packages', () => {
    const order = plentyOrder();
    const a = stateHash({ order, status: '7', packages: [{ packageNumber: 'X' }, { packageNumber: 'Y' }] });
    expect(stateHash({ order, status: '7', packages: [{ packageNumber: 'Y' }, { packageNumber: 'X' }] })).toBe(a);
    expect(stateHash({ order, status: '7', packages: [{ packageNumber: 'X' }] })).not.toBe(a);
    expect(stateHash({ order, status: '7.1', packages: [{ packageNumber: 'X' }, { packageNumber: 'Y' }] })).not.toBe(a);
    expect(packageNumbers([{ packageNumber: ' X ' }, { packageNumber: '' }, { packageNumber: null }])).toEqual(['X']);
  });
});

describe('config', () => {
  it('parses {} with a default carrier and reports a bad carrier map with an example', () => {
    const config = orderImportConfigSchema.parse({});
    expect(config.shipments.carrierMap).toEqual({});
    expect(config.shipments.defaultCarrier).toEqual({ carrierCode: 'custom', title: 'Tracking number' });
    const bad = orderImportConfigSchema.safeParse({ shipments: { carrierMap: { dhl: { carrierCode: 'dhl', title: 'DHL' } } } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('PlentyONE shipping profile ids are whole numbers');
  });
});

describe('triggers', () => {
  it('runs on PlentyONE order callbacks (status changes, shipments, cancellations)', async () => {
    const registry = await builtinRegistry();
    for (const kind of ['updated', 'status_changed', 'shipped', 'cancelled', 'changed']) {
      const types = registry.triggeredBy({ source: 'plenty', entity: 'order', kind, keys: ['12'] }).map((t) => t.id);
      expect(types).toContain('plenty_order_import');
    }
    expect(registry.get('plenty_order_import').stages).toBeDefined();
  });
});
