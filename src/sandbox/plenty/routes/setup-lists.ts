/**
 * Setup data merchants pick from when configuring profiles ("collect configuration data"): shipping
 * profiles (`/rest/orders/shipping/presets`, a bare array as the system answers it), shipping service
 * providers (the carriers, paged); properties are served by property-relations.ts. Fixed data, shaped as the OpenAPI document describes it.
 */
import { pageOf, pageRequest } from '../paging.js';
import type { RestRouter } from '../rest-router.js';

const AT = '2020-01-01T00:00:00+01:00';

/** Ids 6–8 are the ones the sandbox order configs map Magento shipping methods to. */
export const SHIPPING_PROFILES = [
  { id: 6, parcelServiceId: 1, backendName: 'DHL Paket', priority: 1 },
  { id: 7, parcelServiceId: 1, backendName: 'Versandkostenfrei (DHL)', priority: 2 },
  { id: 8, parcelServiceId: 2, backendName: 'DPD Express', priority: 3 },
  { id: 9, parcelServiceId: 3, backendName: 'UPS Standard', priority: 4 },
];

export const SHIPPING_SERVICE_PROVIDERS = [
  { id: 1, name: 'DHL', pluginId: null, icon: '', createdAt: AT, updatedAt: AT },
  { id: 2, name: 'DPD', pluginId: null, icon: '', createdAt: AT, updatedAt: AT },
  { id: 3, name: 'UPS', pluginId: null, icon: '', createdAt: AT, updatedAt: AT },
];

export function setupListRoutes(r: RestRouter): void {
  r.get('/rest/orders/shipping/presets', () => SHIPPING_PROFILES.map((p) => ({
    id: p.id, parcelServiceId: p.parcelServiceId, backendName: p.backendName, priority: p.priority, flag: 0, category: 0,
    useArticlePorto: 0, isInsured: 0, isExpress: p.id === 8 ? 1 : 0, isPostident: 0, isDefaultEnabled: p.id === 6 ? 1 : 0, islandFee: 0,
    shippingGroup: '', dispatchIdentifier: '', auctionType: '', updatedAt: AT, supportedMultishop: ['-1'], supportedReferrer: ['-1'],
    subreferrerSupport: ['-1'], excludedPaymentMethods: [], excludedCustomerGroups: [], supportedLoyaltyPrograms: [],
  })));
  r.get('/rest/orders/shipping/shipping_service_providers', (ctx) => pageOf(pageRequest(ctx.query), SHIPPING_SERVICE_PROVIDERS));
}
