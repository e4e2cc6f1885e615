/**
 * Saves of one product: global values through `/rest/all/V1/products` (an upsert by SKU), then the
 * store views' differing texts through their store-scoped routes `/rest/<store>/V1/products/{sku}`.
 * Magento refuses a URL key another product has in a store view ("URL key for specified store
 * already exists."): the save is repeated once with the SKU appended to the URL key, as the extension
 * plentygate replaces does; refused again, the record fails with Magento's message.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient, MagentoProductInput } from '../../../connectors/magento/index.js';
import type { MagentoProduct } from '../../../connectors/magento/schemas/product.js';
import type { Ctx } from './clients.js';
import { urlKeyOf } from './transform.js';

const URL_KEY_CLASH = /URL key for specified store already exists/i;

type Custom = NonNullable<MagentoProductInput['custom_attributes']>;

function withUrlKey(custom: Custom | undefined, key: string): Custom {
  return [...(custom ?? []).filter((c) => c.attribute_code !== 'url_key'), { attribute_code: 'url_key', value: key }];
}

/** Runs a save; on a URL key clash, once more with `-<sku>` appended to the URL key. */
async function uniqueUrlKey<T>(sku: string, payload: Partial<MagentoProductInput>, save: (p: Partial<MagentoProductInput>) => Promise<T>): Promise<T> {
  try {
    return await save(payload);
  } catch (error) {
    if (!(error instanceof PermanentApiError && URL_KEY_CLASH.test(error.message))) throw error;
    const current = payload.custom_attributes?.find((c) => c.attribute_code === 'url_key')?.value;
    const base = typeof current === 'string' && current ? current : urlKeyOf(String(payload.name ?? sku));
    const suffix = `-${urlKeyOf(sku)}`;
    return save({ ...payload, custom_attributes: withUrlKey(payload.custom_attributes, base.endsWith(suffix) ? base : base + suffix) });
  }
}

export function saveGlobal(ctx: Ctx, magento: MagentoClient, payload: MagentoProductInput): Promise<MagentoProduct> {
  return uniqueUrlKey(payload.sku, payload, (p) => magento.products.save({ ...p, sku: payload.sku }, { store: 'all', signal: ctx.signal }));
}

/** The store views' saves are independent of each other: sent at once, not one after the other. */
export async function saveStoreViews(ctx: Ctx, magento: MagentoClient, sku: string, stores: Record<string, Partial<MagentoProductInput>>): Promise<void> {
  await Promise.all(Object.entries(stores).map(([store, values]) => uniqueUrlKey(sku, values, (p) => magento.products.update(sku, p, { store, signal: ctx.signal }))));
}
