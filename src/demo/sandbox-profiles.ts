import type { Runtime } from '../runtime/open.js';
import type { StartedSandboxes } from '../sandbox/start.js';
import { orderExportSandboxConfig } from '../profiles/types/plenty_order_export/sandbox-config.js';

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
 * Stock import for the sandbox data: the two sales warehouses feed their MSI sources (1 Berlin → berlin,
 * 2 Wien → vienna); warehouse 3 (Leipzig) is a storage warehouse and does not count.
 */
const warehouseMapping = [
  { warehouseId: 1, sourceCode: 'berlin' },
  { warehouseId: 2, sourceCode: 'vienna' },
] as const;

export function sandboxStockImportConfig(): Record<string, unknown> {
  return { warehouseMapping };
}

/** The MSI source a sales warehouse of the sandbox feeds (see sandboxStockImportConfig). */
export const SOURCE_OF_WAREHOUSE: Readonly<Record<number, string>> = Object.fromEntries(warehouseMapping.map((r) => [r.warehouseId, r.sourceCode]));

/**
 * Payment methods the demo's shoppers use: those the order export's sandbox config maps (it leaves one
 * out on purpose, to show a failing order in its tests; the demo shows orders that arrive).
 */
export const DEMO_PAYMENT_METHODS: readonly string[] = Object.keys(orderExportSandboxConfig.paymentMap);

/**
 * Configures, tests and enables both profiles, the way a merchant would. The order export uses the
 * ready-made sandbox config of its type (both store views on client 1000, no settling delay).
 */
export async function configureSandboxProfiles(runtime: Runtime): Promise<void> {
  const configs: [typeId: string, config: Record<string, unknown>][] = [
    ['plenty_order_export', orderExportSandboxConfig],
    ['plenty_stock_import', sandboxStockImportConfig()],
  ];
  for (const [typeId, config] of configs) {
    await runtime.service.updateConfig(typeId, config);
    await runtime.service.test(typeId);
    await runtime.service.enable(typeId);
  }
}
