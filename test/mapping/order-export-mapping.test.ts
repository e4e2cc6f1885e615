/**
 * The order export with a mapping: a rule skips some orders with its reason, a JSONata expression and a
 * transform change what PlentyONE receives; a dry run shows the diff and writes nothing; a broken
 * mapping is refused at import with the field named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAPIHono } from '@hono/zod-openapi';
import { mappingRoutes } from '../../src/gateway/api/mapping-routes.js';
import { ConfigValidationError } from '../../src/profiles/errors.js';
import { sandboxOrderConfig, startOrderExportHarness, type OrderExportHarness } from '../profiles/order-export-harness.js';
import { dryRunService, writeCalls } from './support.js';

let h: OrderExportHarness;
let service: ReturnType<typeof dryRunService>;
const mapping = {
  fields: [
    // The shipping line says which carrier, in capitals, from Magento's shipping description.
    { target: 'shipping.name', expression: '"Versand: " & $uppercase(shipping_description)' },
    // The Magento order number, as a property of type 9, formatted with a fixed prefix.
    { target: 'properties', expression: '[{"typeId": 9, "value": "M-" & increment_id}]' },
  ],
  rules: [
    { name: 'test orders', if: { source: 'customer_email', matches: '@test\\.example$' }, then: [{ skip: 'Test orders stay in Magento.' }] },
  ],
};

beforeAll(async () => {
  h = await startOrderExportHarness({ ...sandboxOrderConfig, mapping });
  service = dryRunService(h.db.db, h.service.registry, { connectors: h.connectors });
}, 60_000);
afterAll(async () => h?.close());

const ids = (...keys: string[]) => ({ mode: 'ids' as const, ids: keys });

describe('order export mapping', () => {
  let real: string;
  let test: string;

  it('a dry run shows what would be created and skipped, with the mapped fields, and writes nothing', async () => {
    real = (await h.placeOrder({ items: [{ sku: 'PG-0000001', qty: 1 }], email: 'grace@example.com', paymentMethod: 'checkmo' })).incrementId;
    test = (await h.placeOrder({ items: [{ sku: 'PG-0000002', qty: 1 }], email: 'qa@test.example', paymentMethod: 'checkmo' })).incrementId;
    const plentyBefore = writeCalls(h.sandboxes.plenty.sandbox.log);
    const magentoBefore = writeCalls(h.sandboxes.magento.sandbox.log);

    const report = await service.dryRun(h.profile.id, ids(real, test));

    expect(report.error).toBeUndefined();
    expect(report.preview).toBe(true);
    const byKey = new Map(report.records.map((r) => [r.key, r]));
    expect(byKey.get(test)).toMatchObject({ action: 'skip', reason: 'Test orders stay in Magento.' });
    const created = byKey.get(real)!;
    expect(created.action).toBe('create');
    const shippingLine = created.diff.find((d) => /^items\.\d+\.name$/.test(d.field) && String(d.after).startsWith('Versand'));
    expect(shippingLine?.after).toMatch(/^Versand: [A-Z]/);
    expect(created.diff).toContainEqual({ field: 'properties.9', after: `M-${real}` });
    expect(created.mapped.map((c) => c.field)).toEqual(['shipping.name', 'properties']);
    // Nothing reached either system, and no order exists.
    expect(writeCalls(h.sandboxes.plenty.sandbox.log)).toEqual(plentyBefore);
    expect(writeCalls(h.sandboxes.magento.sandbox.log)).toEqual(magentoBefore);
    expect(h.ordersFor(real)).toHaveLength(0);
    // The report is in the history as a dry run.
    const run = await service.run(report.runId);
    expect(run.params).toMatchObject({ dryRun: true });
    expect(run.messages.map((m) => m.message)).toContainEqual(expect.stringContaining('Test orders stay in Magento.'));
  });

  it('a run writes what the mapping made and skips the test order with the rule\'s reason', async () => {
    const result = await h.run(ids(real, test), 'manual');
    expect(result).toMatchObject({ created: 1, skipped: 1, failed: 0 });
    const [order] = h.ordersFor(real);
    const shipping = order!.orderItems.find((i) => i.typeId === 6);
    expect(shipping?.orderItemName).toMatch(/^Versand: [A-Z]/);
    expect(order!.properties).toContainEqual(expect.objectContaining({ typeId: 9, value: `M-${real}` }));
    expect(h.ordersFor(test)).toHaveLength(0);
    expect((await h.messages(result.runId)).map((m) => [m.recordKey, m.message])).toContainEqual([test, 'Test orders stay in Magento.']);
  });

  it('a dry run after the export finds the order in PlentyONE: nothing to create', async () => {
    const report = await service.dryRun(h.profile.id, ids(real));
    const [record] = report.records;
    expect(record).toMatchObject({ key: real, targetId: String(h.ordersFor(real)[0]!.id) });
    expect(record!.action).not.toBe('create');
  });

  it('profile:test dry-runs a sample and marks the profile tested, the report in the history', async () => {
    const tested = await service.test(h.profile.id, { execute: true, sample: 3 });
    expect(tested.status).toBe('tested');
    expect(tested.testRun?.summary).toMatch(/^Dry run of \d+ record\(s\), nothing written/);
    const history = await service.history(h.profile.id);
    expect(history.find((r) => r.id === tested.testRun!.runId)?.params).toMatchObject({ dryRun: true, mode: 'full' });
  });

  it('a test whose expression fails on the records leaves the profile untested', async () => {
    await service.updateConfig(h.profile.id, { ...sandboxOrderConfig, mapping: { fields: [{ target: 'shipping.gross', source: 'customer_email', transforms: [{ type: 'number' }] }] } });
    const status = (await service.get(h.profile.id)).status;
    await expect(service.test(h.profile.id, { execute: true, sample: 3 })).rejects.toThrow(/record\(s\) could not be mapped/);
    expect((await service.get(h.profile.id)).status).toBe(status);
    await service.updateConfig(h.profile.id, { ...sandboxOrderConfig, mapping });
  });

  it('the admin API lists the declared fields and answers a dry run with the report', async () => {
    const app = new OpenAPIHono();
    mappingRoutes(app, service);
    const fields = await (await app.request('/profile-types/plenty_order_export/mapping-fields')).json() as { target: { name: string }[] };
    expect(fields.target.map((f) => f.name)).toContain('shipping.name');
    const another = (await h.placeOrder({ items: [{ sku: 'PG-0000003', qty: 1 }], email: 'lin@example.com', paymentMethod: 'checkmo' })).incrementId;
    const response = await app.request(`/profiles/${h.profile.id}/dry-run`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'ids', ids: [another], limit: 5 }),
    });
    expect(response.status).toBe(200);
    const report = await response.json() as { records: { key: string; action: string }[] };
    expect(report.records).toEqual([expect.objectContaining({ key: another, action: 'create' })]);
    expect(h.ordersFor(another)).toHaveLength(0);
  });

  it('refuses a config with an unknown field or a broken expression at import, naming the field', async () => {
    const attempt = (m: unknown) => service.importConfig({ typeId: 'plenty_order_export', name: 'Order export', config: { ...sandboxOrderConfig, mapping: m } });
    const unknown = await attempt({ fields: [{ target: 'referer', source: 'increment_id' }] }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ConfigValidationError);
    expect((unknown as ConfigValidationError).problems).toEqual([expect.stringMatching(/^mapping\.fields\.0\.target: unknown target field "referer"; the target fields are: referrerId, /)]);
    const broken = await attempt({ rules: [{ if: { expression: 'grand_total >' }, then: [{ skip: 'x' }] }] }).catch((e: unknown) => e);
    expect((broken as ConfigValidationError).problems).toEqual([expect.stringMatching(/^mapping\.rules\.0\.if\.expression: invalid JSONata: /)]);
    // The stored mapping is the one from before.
    expect((await service.get(h.profile.id)).config.mapping).toMatchObject({ rules: [{ name: 'test orders' }] });
  });
});
