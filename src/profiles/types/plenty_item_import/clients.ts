import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { connectorsOf } from '../../../connectors/services.js';
import type { RunContext } from '../../profile-type.js';
import type { ItemImportConfig } from './config.js';

export type Ctx = RunContext<ItemImportConfig>;

export const magentoOf = (ctx: Ctx): Promise<MagentoClient> => connectorsOf(ctx).magento(ctx.config.connection.magento);
export const plentyOf = (ctx: Ctx): Promise<PlentyClient> => connectorsOf(ctx).plenty(ctx.config.connection.plenty);
