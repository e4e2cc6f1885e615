import type { Runtime } from '../runtime/open.js';
import type { StartedSandboxes } from '../sandbox/start.js';

/** Credential names the profiles use by default (`connection.plenty` / `connection.magento`). */
const PLENTY_CREDENTIAL = 'plenty';
const MAGENTO_CREDENTIAL = 'magento';

/** Stores the sandboxes' logins as the credentials every profile uses by default. */
export async function storeSandboxCredentials(runtime: Runtime, sandboxes: StartedSandboxes): Promise<void> {
  const store = runtime.credentials();
  const plenty = sandboxes.plenty.sandbox.credentials;
  await store.set(PLENTY_CREDENTIAL, { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: plenty.username, password: plenty.password });
  await store.set(MAGENTO_CREDENTIAL, { kind: 'magento', baseUrl: sandboxes.magento.url, auth: { type: 'bearer', token: sandboxes.magento.sandbox.token } });
}

/**
 * Order export for the sandbox data: both store views (default = English, de = German) go to the
 * sandbox's one webstore; every payment and shipping method the sandbox offers is mapped, so no demo
 * order fails for a missing mapping. No settling delay: the demo shows how fast an order arrives.
 */
export function sandboxOrderExportConfig(plentyId: number): Record<string, unknown> {
  return {
    storeMapping: [
      { storeView: 'default', plentyId, language: 'en' },
      { storeView: 'de', plentyId, language: 'de' },
    ],
    defaultReferrerId: '1',
    settlingSeconds: 0,
    // PlentyONE: 1 cash on delivery, 2 invoice, 6001 PayPal. Its prepayment method has id 0, which the
    // config (positive ids) cannot name, so bank transfer goes to invoice here.
    paymentMap: { checkmo: 2, banktransfer: 2, cashondelivery: 1, paypal_express: 6001 },
    shippingMap: { flatrate_flatrate: 6, freeshipping_freeshipping: 7, tablerate_bestway: 8 },
    defaultShippingProfileId: 6,
  };
}

/**
 * Stock import for the sandbox data: the two sales warehouses feed their MSI sources (1 Berlin → berlin,
 * 2 Wien → vienna); warehouse 3 (Leipzig) is a storage warehouse and does not count.
 */
export function sandboxStockImportConfig(): Record<string, unknown> {
  return {
    warehouseMapping: [
      { warehouseId: 1, sourceCode: 'berlin' },
      { warehouseId: 2, sourceCode: 'vienna' },
    ],
  };
}

/** The MSI source a sales warehouse of the sandbox feeds (see sandboxStockImportConfig). */
export const SOURCE_OF_WAREHOUSE: Readonly<Record<number, string>> = { 1: 'berlin', 2: 'vienna' };

/** Configures, tests and enables both profiles, the way a merchant would. */
export async function configureSandboxProfiles(runtime: Runtime, sandboxes: StartedSandboxes): Promise<void> {
  const configs: [typeId: string, config: Record<string, unknown>][] = [
    ['plenty_order_export', sandboxOrderExportConfig(sandboxes.plenty.sandbox.plentyId)],
    ['plenty_stock_import', sandboxStockImportConfig()],
  ];
  for (const [typeId, config] of configs) {
    await runtime.service.updateConfig(typeId, config);
    await runtime.service.test(typeId);
    await runtime.service.enable(typeId);
  }
}
