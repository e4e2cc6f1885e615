/**
 * The Magento sandbox's legacy stock item settings (cart quantity limits, quantity increments,
 * backorders, "Manage Stock"): kept per product as Magento 2.4 keeps them, answered with the
 * configuration's value while a `use_config_*` flag is set, refused where Magento refuses them, and
 * honoured by the sandbox's own cart and order placement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MagentoStoreError } from '../../src/sandbox/magento/store/index.js';
import { criteria, startMagento, type RunningMagento } from './magento-rest-server.js';

let m: RunningMagento;
beforeAll(async () => {
  m = await startMagento();
});
afterAll(async () => {
  await m?.close();
});

/** Own settings, sent as the REST answer renders them (`use_config_min_sale_qty` is an int). */
const LIMITS = {
  use_config_min_sale_qty: 0,
  min_sale_qty: 2,
  use_config_max_sale_qty: false,
  max_sale_qty: 20,
  use_config_enable_qty_inc: false,
  enable_qty_increments: true,
  use_config_qty_increments: false,
  qty_increments: 2,
  use_config_backorders: false,
  backorders: 1,
};
const CONFIG_VALUES = {
  use_config_min_sale_qty: 1,
  min_sale_qty: 1,
  use_config_max_sale_qty: true,
  max_sale_qty: 10000,
  use_config_enable_qty_inc: true,
  enable_qty_increments: false,
  use_config_qty_increments: true,
  qty_increments: 0,
  use_config_backorders: true,
  backorders: 0,
  use_config_manage_stock: true,
  manage_stock: true,
};

let nextSku = 1;
/** Creates an enabled simple product through `POST /rest/all/V1/products` with the given stock item. */
async function createProduct(stockItem: Record<string, unknown>): Promise<string> {
  const sku = `LIMITS-${nextSku++}`;
  const res = await m.call('/rest/all/V1/products', {
    body: { product: { sku, name: `Stock limits ${sku}`, price: 10, status: 1, type_id: 'simple', extension_attributes: { stock_item: stockItem } } },
  });
  expect(res.status).toBe(200);
  return sku;
}
const stockItemOf = async (sku: string) => (await m.call(`/rest/V1/stockItems/${sku}`)).body as Record<string, unknown>;
const productStockItem = async (sku: string, scope = 'V1') => (await m.call(`/rest/${scope}/products/${sku}`)).body.extension_attributes.stock_item as Record<string, unknown>;
const putStockItem = (sku: string, stockItem: Record<string, unknown>) =>
  m.call(`/rest/all/V1/products/${sku}/stockItems/1`, { method: 'PUT', body: { stockItem } });

describe('stock item settings', () => {
  it('a product save keeps them; product GET, search (lookup and scan) and GET /V1/stockItems answer them', async () => {
    const sku = await createProduct({ qty: 50, is_in_stock: true, ...LIMITS });
    expect(await stockItemOf(sku)).toMatchObject({ ...LIMITS, qty: 50, use_config_manage_stock: true, manage_stock: true });
    expect(await productStockItem(sku)).toMatchObject(LIMITS);
    const lookup = await m.call(`/rest/V1/products${criteria([[['sku', sku]]])}`);
    expect(lookup.body.items[0].extension_attributes.stock_item).toMatchObject(LIMITS);
    const scan = await m.call(`/rest/V1/products${criteria([[['name', `Stock limits ${sku}`, 'like']]])}`);
    expect(scan.body.items.map((p: { sku: string }) => p.sku)).toEqual([sku]);
    expect(scan.body.items[0].extension_attributes.stock_item).toMatchObject(LIMITS);
  });

  it('a later save without them, or with only some, keeps the others (global and store view routes)', async () => {
    const sku = await createProduct({ qty: 50, ...LIMITS });
    expect((await m.call(`/rest/V1/products/${sku}`, { method: 'PUT', body: { product: { name: 'Renamed' } } })).status).toBe(200);
    expect(await stockItemOf(sku)).toMatchObject(LIMITS);
    // The stock item is global: a save through a store view's route writes it as any other.
    const scoped = await m.call(`/rest/de/V1/products/${sku}`, { method: 'PUT', body: { product: { extension_attributes: { stock_item: { max_sale_qty: 8 } } } } });
    expect(scoped.status).toBe(200);
    expect(scoped.body.extension_attributes.stock_item).toMatchObject({ ...LIMITS, max_sale_qty: 8 });
    expect(await productStockItem(sku, 'all/V1')).toMatchObject({ ...LIMITS, max_sale_qty: 8 });
    // Without `qty` the quantity stays as it is.
    expect((await stockItemOf(sku)).qty).toBe(50);
  });

  it('POST /V1/products on an existing SKU and PUT /V1/products/{sku}/stockItems/{itemId} merge them the same way', async () => {
    const sku = await createProduct({ qty: 5 });
    const post = await m.call('/rest/V1/products', { body: { product: { sku, extension_attributes: { stock_item: { use_config_backorders: false, backorders: 2 } } } } });
    expect(post.status).toBe(200);
    const put = await putStockItem(sku, { use_config_min_sale_qty: 0, min_sale_qty: 3 });
    expect(put.status).toBe(200);
    expect(await stockItemOf(sku)).toMatchObject({ use_config_backorders: false, backorders: 2, use_config_min_sale_qty: 0, min_sale_qty: 3, qty: 5 });
  });

  it('a use_config_* flag set answers the configuration\'s value; the own value is kept for when it is unset', async () => {
    const sku = await createProduct({ qty: 5, ...LIMITS, use_config_manage_stock: false, manage_stock: false });
    await putStockItem(sku, {
      use_config_min_sale_qty: 1, use_config_max_sale_qty: true, use_config_enable_qty_inc: true,
      use_config_qty_increments: true, use_config_backorders: true, use_config_manage_stock: true,
    });
    expect(await stockItemOf(sku)).toMatchObject(CONFIG_VALUES);
    await putStockItem(sku, { use_config_min_sale_qty: 0, use_config_backorders: false });
    expect(await stockItemOf(sku)).toMatchObject({ use_config_min_sale_qty: 0, min_sale_qty: 2, use_config_backorders: false, backorders: 1 });
  });

  it('a value sent while its flag stays set is kept but not answered; a product that never set one holds the column defaults', async () => {
    const sku = await createProduct({ min_sale_qty: 4, max_sale_qty: 9 });
    expect(await stockItemOf(sku)).toMatchObject(CONFIG_VALUES);
    await putStockItem(sku, { use_config_min_sale_qty: 0 });
    expect(await stockItemOf(sku)).toMatchObject({ min_sale_qty: 4, max_sale_qty: 10000 });
    // Turned off without a value of its own: the columns' defaults (Manage Stock 0, no maximum).
    const plain = await createProduct({ qty: 1 });
    await putStockItem(plain, { use_config_manage_stock: false, use_config_max_sale_qty: false });
    expect(await stockItemOf(plain)).toMatchObject({ manage_stock: false, max_sale_qty: 0 });
  });

  it('quantity increments answer 0 while off, and the own value cast to int', async () => {
    const sku = await createProduct({ use_config_qty_increments: false, qty_increments: 2.5 });
    expect((await stockItemOf(sku)).qty_increments).toBe(0);
    await putStockItem(sku, { use_config_enable_qty_inc: false, enable_qty_increments: true });
    expect(await stockItemOf(sku)).toMatchObject({ enable_qty_increments: true, qty_increments: 2 });
  });

  it('takes what Magento takes: numeric strings, no limits (0), negative values; backorders is kept in an unsigned column', async () => {
    const sku = await createProduct({ use_config_min_sale_qty: '0', min_sale_qty: ' 1.5 ', use_config_max_sale_qty: 'false', max_sale_qty: 0 });
    expect(await stockItemOf(sku)).toMatchObject({ use_config_min_sale_qty: 0, min_sale_qty: 1.5, use_config_max_sale_qty: false, max_sale_qty: 0 });
    await putStockItem(sku, { min_sale_qty: -3, use_config_backorders: false, backorders: -1 });
    expect(await stockItemOf(sku)).toMatchObject({ min_sale_qty: -3, backorders: 0 });
  });
});

describe('stock item refusals', () => {
  it('a value the field\'s type does not take: 400, wrapped once per object around it; nothing is saved', async () => {
    const sku = await createProduct({ qty: 5 });
    const flag = await m.call(`/rest/all/V1/products/${sku}`, {
      method: 'PUT', body: { product: { name: 'Not saved', extension_attributes: { stock_item: { use_config_min_sale_qty: false, min_sale_qty: 3 } } } },
    });
    expect(flag.status).toBe(400);
    // getUseConfigMinSaleQty() is declared int, and PHP's is_numeric() takes no boolean.
    expect(flag.body).toEqual({
      message: 'Error occurred during "extension_attributes" processing. Error occurred during "stock_item" processing. '
        + 'Error occurred during "use_config_min_sale_qty" processing. The "" value\'s type is invalid. The "int" type was expected. Verify and try again.',
    });
    expect((await m.call(`/rest/V1/products/${sku}`)).body.name).not.toBe('Not saved');
    const text = await putStockItem(sku, { min_sale_qty: 'two' });
    expect(text.status).toBe(400);
    expect(text.body.message).toBe('Error occurred during "min_sale_qty" processing. The "two" value\'s type is invalid. The "float" type was expected. Verify and try again.');
    const empty = await putStockItem(sku, { backorders: '' });
    expect(empty.body.message).toBe('Error occurred during "backorders" processing. The "" value\'s type is invalid. The "int" type was expected. Verify and try again.');
    expect(await stockItemOf(sku)).toMatchObject({ min_sale_qty: 1, backorders: 0 });
  });

  it('a product save\'s stock item of another stock or item: Magento\'s StockItemValidator messages, nothing saved', async () => {
    const sku = await createProduct({ qty: 5 });
    const id = (await m.call(`/rest/V1/products/${sku}`)).body.id as number;
    const save = (stockItem: Record<string, unknown>) => m.call(`/rest/all/V1/products/${sku}`, {
      method: 'PUT', body: { product: { extension_attributes: { stock_item: { ...stockItem, use_config_min_sale_qty: 0, min_sale_qty: 7 } } } },
    });
    expect((await save({ stock_id: 2 })).body).toEqual({ message: 'Invalid stock id: %1. Only default stock with id %2 allowed', parameters: ['2', '1'] });
    expect((await save({ item_id: 0 })).body).toEqual({ message: 'Invalid stock item id: %1. Should be null or numeric value greater than 0', parameters: ['0'] });
    const other = await save({ item_id: id + 1 });
    expect(other.status).toBe(400);
    expect(other.body).toEqual({ message: 'Invalid stock item id: %1. Assigned stock item id is %2', parameters: [String(id + 1), String(id)] });
    expect((await stockItemOf(sku)).min_sale_qty).toBe(1);
    expect((await save({ item_id: id, stock_id: 1 })).status).toBe(200);
    expect((await stockItemOf(sku)).min_sale_qty).toBe(7);
  });

  it('PUT /V1/products/{sku}/stockItems/{itemId} with nothing to save asks for qty', async () => {
    const sku = await createProduct({ qty: 5 });
    const res = await putStockItem(sku, { is_in_stock: true });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'qty' } });
  });
});

describe('the sandbox cart and order placement', () => {
  const cartError = (sku: string, qty: number) => {
    const { carts } = m.sandbox.store;
    try {
      carts.addItem(carts.create('default').maskedId, { sku, qty });
      return undefined;
    } catch (error) {
      if (error instanceof MagentoStoreError) return error.message;
      throw error;
    }
  };

  it('refuses a line below the minimum, above the maximum or off the increments, with MSI\'s messages', async () => {
    const sku = await createProduct({ qty: 100, ...LIMITS, use_config_backorders: true });
    expect(cartError(sku, 1)).toBe('The fewest you may purchase is 2');
    expect(cartError(sku, 22)).toBe('The requested qty exceeds the maximum qty allowed in shopping cart');
    expect(cartError(sku, 3)).toBe('You can buy this product only in quantities of 2 at a time.');
    expect(cartError(sku, 4)).toBeUndefined();
    // The merged line counts: 4 + 18 is above the maximum.
    const { carts } = m.sandbox.store;
    const cart = carts.create('default');
    carts.addItem(cart.maskedId, { sku, qty: 4 });
    expect(() => carts.addItem(cart.maskedId, { sku, qty: 18 })).toThrow('The requested qty exceeds the maximum qty allowed in shopping cart');
  });

  it('sells past the salable quantity with backorders (it goes below 0), not without', async () => {
    const { store } = m.sandbox;
    const order = (sku: string) => store.placeOrder({ lines: [{ sku, qty: 3 }], email: 'backorder@example.com' });
    const without = await createProduct({ qty: 1 });
    expect(cartError(without, 3)).toBe('The requested qty is not available');
    await expect(order(without)).rejects.toThrow('The requested qty is not available');

    const backorders = await createProduct({ qty: 1, use_config_backorders: false, backorders: 1 });
    expect(cartError(backorders, 3)).toBeUndefined();
    await order(backorders);
    expect(store.inventory.salableQty(backorders)).toBe(-2);
  });
});
