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

// One store list per run: the context object lives exactly as long as the run.
const storeCodes = new WeakMap<object, Promise<Map<number, string>>>();

/** Magento store view id → code (orders carry the id, the store mapping the code). */
export function storeCodesOf(ctx: MagentoCtx): Promise<Map<number, string>> {
  let codes = storeCodes.get(ctx);
  if (!codes) {
    codes = magentoOf(ctx)
      .then((magento) => magento.storeViews({ signal: ctx.signal }))
      .then((views) => new Map(views.map((v) => [v.id, v.code])));
    codes.catch(() => storeCodes.delete(ctx));
    storeCodes.set(ctx, codes);
  }
  return codes;
}
