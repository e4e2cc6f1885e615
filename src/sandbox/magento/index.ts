/**
 * The Magento sandbox: one Hono app serving REST (`/rest/V1`, `/rest/<store_code>/V1`), GraphQL
 * (`/graphql`) and the `/_sandbox` control app, all over one store, with webhooks out.
 *
 *   const sandbox = createMagentoSandbox({ catalog: createCatalog({ seed: 42, variations: 1000 }) });
 *   const served = await serve(sandbox.app);
 */
import { Hono } from 'hono';
import type { Catalog } from '../generator/index.js';
import { createCatalog } from '../generator/index.js';
import { mountSandboxCommon, type FaultController, type FaultRuleInput, type RequestLog } from '../common/index.js';
import { mountMagentoHelpers } from './control/helpers.js';
import { createGraphqlHandler, type GraphqlOptions } from './graphql/index.js';
import { mountRest } from './rest/app.js';
import { mountMediaFiles } from './media-files.js';
import type { RestEnv } from './rest/http.js';
import { createMagentoStore, MagentoStoreError, type CatalogFeed, type MagentoStore } from './store/index.js';
import { feedFromCatalog } from './store/from-catalog.js';
import type { WebhookTargetInput } from './webhooks/config.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { generateWebhookKeys, type WebhookKeyPair } from './webhooks/signing.js';

export type { MagentoStore } from './store/index.js';
export type { WebhookTargetInput, WebhookTarget, WebhookFormat } from './webhooks/config.js';
export type { WebhookDelivery } from './webhooks/dispatcher.js';
export type { WebhookKeyPair } from './webhooks/signing.js';
export { WebhookDispatcher } from './webhooks/dispatcher.js';
export { standardSignature, generateStandardSecret, generateWebhookKeys } from './webhooks/signing.js';
export { feedFromCatalog } from './store/from-catalog.js';

export interface MagentoSandboxOptions {
  /** The generated catalog; default: seed 42, 1,000 variations. */
  catalog?: Catalog;
  /** Instead of a catalog: any feed of generated data. */
  feed?: CatalogFeed;
  /** Integration access token accepted as bearer token (default `sandbox`). */
  token?: string;
  /** Webhooks out (also replaceable at runtime through `PUT /_sandbox/webhooks`). */
  webhooks?: WebhookTargetInput[];
  /** RSA key pair for webhook signatures (generated when absent). */
  webhookKeys?: WebhookKeyPair;
  /** Base URL for `storeConfigs` (default: taken from each request). */
  baseUrl?: string;
  currency?: string;
  graphql?: GraphqlOptions;
  faultRules?: readonly (FaultRuleInput | string)[];
  faultSeed?: number;
  now?: () => number;
  /** Magento release whose order-comment behaviour is reproduced (default 2.4.8); also `PUT /_sandbox/version`. */
  version?: string;
}

export interface MagentoSandbox {
  app: Hono;
  store: MagentoStore;
  webhooks: WebhookDispatcher;
  webhookPublicKeyPem: string;
  token: string;
  log: RequestLog;
  faults: FaultController;
}

export function createMagentoSandbox(options: MagentoSandboxOptions = {}): MagentoSandbox {
  const feed = options.feed ?? feedFromCatalog(options.catalog ?? createCatalog({ seed: 42, variations: 1000 }));
  const store = createMagentoStore({ feed, currency: options.currency, now: options.now, version: options.version });
  const keys = options.webhookKeys ?? generateWebhookKeys();
  const webhooks = new WebhookDispatcher(store, keys, options.webhooks ?? [], options.now);
  const token = options.token ?? 'sandbox';
  let lastBaseUrl = options.baseUrl ?? 'http://127.0.0.1/';

  const app = new Hono<RestEnv>();
  app.use('*', async (c, next) => {
    if (!options.baseUrl) lastBaseUrl = new URL(c.req.url).origin + '/';
    await next();
  });
  const common = mountSandboxCommon(app, {
    name: 'magento',
    state: () => ({ records: store.stats(), webhooks: webhooks.stats() }),
    control: (control) => mountMagentoHelpers(control, store, webhooks, keys.publicKeyPem),
    faultRules: options.faultRules,
    faultSeed: options.faultSeed,
    respondToFault: (c, init) => {
      const headers: Record<string, string> = {};
      if (init.retryAfter !== undefined) headers['Retry-After'] = String(init.retryAfter);
      const message = init.status === 429 ? 'Too Many Requests' : `Internal Error. Details are available in Magento log file. Report ID: webapi-sandbox-${init.kind}`;
      return c.json({ message }, init.status as 500, headers);
    },
  });

  mountRest(app, store, { token: () => token, baseUrl: () => lastBaseUrl });
  mountMediaFiles(app, store);
  app.on(['GET', 'POST'], '/graphql', createGraphqlHandler(store, options.graphql));

  app.notFound((c) => c.json({ message: 'Request does not match any route.' }, 404));
  app.onError((error, c) => {
    if (error instanceof MagentoStoreError) {
      const params = error.parameters;
      const body = Array.isArray(params) && params.length === 0 ? { message: error.template } : { message: error.template, parameters: params };
      return c.json(body, error.status);
    }
    return c.json({ message: `Internal Error. Details are available in Magento log file. Report ID: webapi-${Date.now().toString(16)}` }, 500);
  });

  return {
    app: app as unknown as Hono,
    store,
    webhooks,
    webhookPublicKeyPem: keys.publicKeyPem,
    token,
    log: common.log,
    faults: common.faults,
  };
}
