/** Store views and websites (global data, asked of the default scope). */
import { z } from 'zod';
import type { MagentoRestTransport } from '../rest-transport.js';
import { storeViewSchema, websiteSchema } from '../schemas/store.js';
import type { MagentoStoreView, MagentoWebsite } from '../schemas/store.js';
import type { CallOptions } from './call-options.js';

export function storesApi(rest: MagentoRestTransport) {
  return {
    storeViews: (options: CallOptions = {}): Promise<MagentoStoreView[]> =>
      rest.call({ method: 'GET', path: '/V1/store/storeViews', route: 'GET /V1/store/storeViews', ...options }, z.array(storeViewSchema)),
    websites: (options: CallOptions = {}): Promise<MagentoWebsite[]> =>
      rest.call({ method: 'GET', path: '/V1/store/websites', route: 'GET /V1/store/websites', ...options }, z.array(websiteSchema)),
  };
}
