import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { connectorsOf } from '../../../connectors/services.js';
import type { RunContext } from '../../profile-type.js';
import type { OrderExportConfig } from './config.js';

export type Ctx = RunContext<OrderExportConfig>;
/** What the Magento helpers need of a run: any profile type reading Magento (the customer export too). */
type MagentoCtx = RunContext<Pick<OrderExportConfig, 'connection'>>;

export const magentoOf = (ctx: MagentoCtx): Promise<MagentoClient> => connectorsOf(ctx).magento(ctx.config.connection.magento);
export const plentyOf = (ctx: Ctx): Promise<PlentyClient> => connectorsOf(ctx).plenty(ctx.config.connection.plenty);

/**
 * Store lists per Magento client (one per connection, kept for the life of the process), fetched again
 * after STORE_LIST_TTL_MS: store views change rarely, and reading the list once per event run cost one
 * Magento call per order. A store id the list does not know yet fetches it again at once (see
 * `storeCodeOf`), so a new store view is seen by its first order.
 */
const storeLists = new WeakMap<MagentoClient, { at: number; codes: Promise<Map<number, string>> }>();
const STORE_LIST_TTL_MS = 60_000;
/** An unknown store id refetches the list at most this often (an order naming a store Magento does not list). */
const STORE_LIST_REFETCH_MS = 1_000;

async function storeList(ctx: MagentoCtx, maxAgeMs: number): Promise<Map<number, string>> {
  const magento = await magentoOf(ctx);
  const held = storeLists.get(magento);
  if (held && Date.now() - held.at < maxAgeMs) return held.codes;
  const codes = magento.storeViews({ signal: ctx.signal }).then((views) => new Map(views.map((v) => [v.id, v.code])));
  const entry = { at: Date.now(), codes };
  storeLists.set(magento, entry);
  codes.catch(() => {
    if (storeLists.get(magento) === entry) storeLists.delete(magento);
  });
  return codes;
}

/** Magento store view id → code (orders carry the id, the store mapping the code). */
export function storeCodesOf(ctx: MagentoCtx): Promise<Map<number, string>> {
  return storeList(ctx, STORE_LIST_TTL_MS);
}

/** The code of one store view id; an id not in the kept list fetches the list again first. */
export async function storeCodeOf(ctx: MagentoCtx, storeId: number): Promise<string | undefined> {
  const code = (await storeCodesOf(ctx)).get(storeId);
  return code ?? (await storeList(ctx, STORE_LIST_REFETCH_MS)).get(storeId);
}
