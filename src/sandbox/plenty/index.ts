/**
 * The PlentyONE sandbox: a Hono app serving the REST routes plentygate's profiles use, with the real
 * system's login, token expiry, session limit, throttling, paging envelope and error shapes.
 *
 *   const sb = createPlentySandbox({ catalog, plan: 'test' });
 *   serve(sb.app, 0) → POST /rest/login {username:'sandbox', password:'sandbox'}
 */
import { Hono } from 'hono';
import { mountSandboxCommon } from '../common/index.js';
import type { FaultRuleInput } from '../common/index.js';
import type { PlentyCatalogView } from './catalog-view.js';
import { EMPTY_CATALOG } from './catalog-view.js';
import type { ChangeEvent } from './changes.js';
import { plentyControl } from './control.js';
import type { PlanName, ThrottlePlan } from './plans.js';
import { resolvePlan } from './plans.js';
import { RestRouter } from './rest-router.js';
import { accountRoutes } from './routes/accounts.js';
import type { Webstore } from './routes/accounts.js';
import { authRoutes } from './routes/auth.js';
import { categoryRoutes } from './routes/categories.js';
import { itemRoutes } from './routes/items.js';
import { orderRoutes } from './routes/orders.js';
import { orderDocumentRoutes } from './routes/order-documents.js';
import { stockRoutes } from './routes/stock.js';
import { variationDataRoutes } from './routes/variation-data.js';
import { imageDetailRoutes } from './routes/image-details.js';
import { crossSellingRoutes } from './routes/cross-selling.js';
import { variationBundleRoutes } from './routes/variation-bundles.js';
import { BundleStore } from './stores/bundles.js';
import { attributeWriteRoutes } from './routes/attribute-writes.js';
import { AttributeStore } from './stores/attributes.js';
import { marketNumberRoutes } from './routes/market-numbers.js';
import { MarketNumberStore } from './stores/market-numbers.js';
import { propertyRelationRoutes } from './routes/property-relations.js';
import { propertyNameRoutes } from './routes/property-names.js';
import { PropertyRelationStore } from './stores/property-relations.js';
import { SessionStore } from './sessions.js';
import { CategoryStore } from './stores/categories.js';
import { CONTACT_ID_OFFSET, contactSourceOf } from './stores/contact-source.js';
import { ContactStore } from './stores/contacts.js';
import { ItemStore } from './stores/items.js';
import { OrderStore } from './stores/orders.js';
import { PaymentStore } from './stores/payments.js';
import { StockStore } from './stores/stock.js';
import { Throttle } from './throttle.js';
import { setupListRoutes } from './routes/setup-lists.js';
import { WebhookSender } from './webhooks.js';
import type { WebhookOptions } from './webhooks.js';

export type { PlanName, ThrottlePlan } from './plans.js';
export { PLANS } from './plans.js';
export type { PlentyCatalogView } from './catalog-view.js';
export type { ChangeEvent } from './changes.js';
export type { RegisteredRoute } from './rest-router.js';
export type { ThrottleState } from './throttle.js';
export type { WebhookDelivery, WebhookOptions } from './webhooks.js';

export interface PlentySandboxOptions {
  /** The generated catalog (A's `Catalog` fits); default: empty (orders/contacts/reference data only). */
  catalog?: PlentyCatalogView;
  /** Back-end user; default `sandbox` / `sandbox`. */
  username?: string;
  password?: string;
  /** Throttle plan or a custom one (fields override `base`, default `plus`); default `plus`. */
  plan?: PlanName | (Partial<ThrottlePlan> & { base?: PlanName });
  /** Access token lifetime in seconds; default 86400. */
  tokenLifetimeSeconds?: number;
  /** Concurrently active sessions allowed; default 3. */
  maxConcurrentSessions?: number;
  /** Callbacks on stock/order/item changes. */
  webhook?: WebhookOptions;
  /** plentyId of the (single) webstore; default 1000. */
  plentyId?: number;
  /** Time source in epoch ms (tests pass a manual clock to step through throttle windows). */
  clock?: () => number;
  faultRules?: readonly (FaultRuleInput | string)[];
  faultSeed?: number;
}

export function createPlentySandbox(options: PlentySandboxOptions = {}) {
  const now = options.clock ?? (() => Date.now());
  const catalog = options.catalog ?? EMPTY_CATALOG;
  const plentyId = options.plentyId ?? 1000;
  const credentials = { username: options.username ?? 'sandbox', password: options.password ?? 'sandbox' };
  const plan = resolvePlan(options.plan);

  const sessions = new SessionStore(credentials, options.tokenLifetimeSeconds ?? 86_400, options.maxConcurrentSessions ?? 3, now);
  const throttle = new Throttle(plan, now);
  const items = new ItemStore(catalog, now);
  const stock = new StockStore(items, catalog.warehouses, now);
  const categories = new CategoryStore(catalog, plentyId, now);
  const attributes = new AttributeStore(now);
  const marketNumbers = new MarketNumberStore(now);
  const bundles = new BundleStore(items);
  const propertyRelations = new PropertyRelationStore(now);
  const firstCreatedContact = CONTACT_ID_OFFSET + catalog.customerCount;
  const contacts = new ContactStore(contactSourceOf(catalog, plentyId), now, { contact: firstCreatedContact, address: (firstCreatedContact + 1) * 10 });
  const orders = new OrderStore(now, 1);
  const payments = new PaymentStore(now);
  const webstores: Webstore[] = [{ id: 0, name: 'plentygate sandbox store', plentyId }];
  const webhooks = new WebhookSender(options.webhook, plentyId, now);
  const changed = (e: ChangeEvent) => webhooks.send(e);

  const app = new Hono();
  const common = mountSandboxCommon(app, {
    name: 'plentyone',
    faultRules: options.faultRules,
    faultSeed: options.faultSeed,
    state: () => ({
      throttle: throttle.state(),
      sessions: { active: sessions.active(), max: sessions.maxConcurrent },
      records: {
        ...items.counts,
        stockRowsWritten: stock.writtenRows,
        bundleComponents: bundles.size,
        categories: categories.size,
        contacts: contacts.size,
        orders: orders.size,
        payments: payments.size,
      },
      webhooks: { sent: webhooks.deliveries.length },
    }),
    control: plentyControl({ stock, orders, sessions, throttle, webhooks, changed }),
  });

  const router = new RestRouter(app, sessions, throttle, credentials.username);
  authRoutes(router, sessions);
  itemRoutes(router, items, stock, changed, undefined, propertyRelations);
  variationDataRoutes(router, items, changed, (id) => categories.get(id) !== undefined);
  imageDetailRoutes(router, items, changed);
  crossSellingRoutes(router, items);
  variationBundleRoutes(router, items, bundles);
  attributeWriteRoutes(router, attributes);
  marketNumberRoutes(router, items, marketNumbers);
  propertyRelationRoutes(router, items, propertyRelations);
  propertyNameRoutes(router, propertyRelations);
  categoryRoutes(router, categories, changed);
  stockRoutes(router, stock, changed);
  orderRoutes(router, { orders, items, contacts, plentyIds: webstores.map((w) => w.plentyId), changed });
  orderDocumentRoutes(router, { orders, items, contacts, plentyIds: webstores.map((w) => w.plentyId), changed });
  accountRoutes(router, contacts, payments, orders, webstores, changed);
  setupListRoutes(router);
  router.mount();
  app.notFound((c) => c.json({ error: { code: 404, message: 'Route not found.' } }, 404));

  return {
    app,
    credentials,
    plan,
    plentyId,
    /** Every (method, OpenAPI path) the sandbox serves. */
    routes: router.routes,
    sessions,
    throttle,
    stores: { items, stock, categories, contacts, orders, payments, attributes, marketNumbers, propertyRelations, bundles },
    webhooks,
    log: common.log,
    faults: common.faults,
  };
}

export type PlentySandbox = ReturnType<typeof createPlentySandbox>;
