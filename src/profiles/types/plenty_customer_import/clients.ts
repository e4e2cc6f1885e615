import type { MagentoClient, MagentoStoreView } from '../../../connectors/magento/index.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { connectorsOf } from '../../../connectors/services.js';
import type { RunContext } from '../../profile-type.js';
import type { CustomerImportConfig } from './config.js';

export type Ctx = RunContext<CustomerImportConfig>;

export const magentoOf = (ctx: Ctx): Promise<MagentoClient> => connectorsOf(ctx).magento(ctx.config.connection.magento);
export const plentyOf = (ctx: Ctx): Promise<PlentyClient> => connectorsOf(ctx).plenty(ctx.config.connection.plenty);

// One store view list per run: the context object lives exactly as long as the run.
const views = new WeakMap<object, Promise<MagentoStoreView[]>>();

/** Magento's store views (code, id, website), read once per run. */
export function storeViewsOf(ctx: Ctx): Promise<MagentoStoreView[]> {
  let list = views.get(ctx);
  if (!list) {
    list = magentoOf(ctx).then((magento) => magento.storeViews({ signal: ctx.signal }));
    list.catch(() => views.delete(ctx));
    views.set(ctx, list);
  }
  return list;
}
