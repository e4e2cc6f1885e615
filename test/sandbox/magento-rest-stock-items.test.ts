/** The Magento sandbox's legacy stock items ("Manage Stock") and MSI source item deletion, as Magento answers them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criteria, startMagento, type RunningMagento } from './magento-rest-server.js';

let m: RunningMagento;
beforeAll(async () => {
  m = await startMagento();
});
afterAll(async () => {
  await m?.close();
});

describe('stock items', () => {
  it('follow the store configuration ("Manage Stock" Yes) until the product sets its own', async () => {
    const before = await m.call('/rest/V1/stockItems/PG-0000004');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ manage_stock: true, use_config_manage_stock: true });

    const set = await m.call('/rest/all/V1/products/PG-0000004/stockItems/4', {
      method: 'PUT', body: { stockItem: { manage_stock: false, use_config_manage_stock: false } },
    });
    expect(set.status).toBe(200);
    expect((await m.call('/rest/V1/stockItems/PG-0000004')).body).toMatchObject({ manage_stock: false, use_config_manage_stock: false });
    // As in Magento: the product's own value only counts with use_config_manage_stock false.
    await m.call('/rest/all/V1/products/PG-0000004/stockItems/4', { method: 'PUT', body: { stockItem: { manage_stock: false, use_config_manage_stock: true } } });
    expect((await m.call('/rest/V1/stockItems/PG-0000004')).body).toMatchObject({ manage_stock: true, use_config_manage_stock: true });
  });

  it('answer 404 for an unknown SKU', async () => {
    expect((await m.call('/rest/V1/stockItems/NOPE-1')).status).toBe(404);
  });
});

describe('source items delete', () => {
  it('unassigns the named source items; ones that do not exist are ignored, an empty list is refused', async () => {
    const search = () => m.call(`/rest/V1/inventory/source-items${criteria([[['sku', 'PG-0000005']]])}`);
    const before = (await search()).body.items as { source_code: string }[];
    expect(before.length).toBeGreaterThan(0);
    const code = before[0]!.source_code;
    const res = await m.call('/rest/V1/inventory/source-items-delete', {
      body: { sourceItems: [{ sku: 'PG-0000005', source_code: code }, { sku: 'NOPE-1', source_code: code }] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect(((await search()).body.items as { source_code: string }[]).map((i) => i.source_code)).not.toContain(code);
    const unknownSource = await m.call('/rest/V1/inventory/source-items-delete', { body: { sourceItems: [{ sku: 'PG-0000006', source_code: 'nowhere' }] } });
    expect(unknownSource.status).toBe(200);
    const empty = await m.call('/rest/V1/inventory/source-items-delete', { body: { sourceItems: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe('Input data is empty');
  });
});
