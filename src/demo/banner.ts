import type { StartedSandboxes } from '../sandbox/start.js';
import type { DemoSecrets } from './environment.js';

/** What the user can open and call while the demo runs. */
export function describeDemo(gatewayUrl: string, sandboxes: StartedSandboxes, secrets: DemoSecrets, intervalMs: number | undefined): string[] {
  const { catalog } = sandboxes;
  return [
    '',
    `plentygate         ${gatewayUrl}  (PGlite + embedded queue)`,
    `  admin app        ${gatewayUrl}/admin  (sign in with the token ${secrets.apiToken})`,
    `  API docs         ${gatewayUrl}/api/docs  (Authorize with the bearer token ${secrets.apiToken})`,
    `  try              curl -H 'Authorization: Bearer ${secrets.apiToken}' ${gatewayUrl}/api/v1/profiles`,
    `PlentyONE sandbox  ${sandboxes.plenty.url}/rest  (login sandbox / sandbox; callbacks → ${gatewayUrl}/webhooks/plenty)`,
    `Magento sandbox    ${sandboxes.magento.url}/rest/V1  (bearer ${sandboxes.magento.sandbox.token}; Standard Webhooks → ${gatewayUrl}/webhooks/magento)`,
    `Catalog            seed ${catalog.seed}: ${catalog.variationCount} variations, ${catalog.customerCount} customers`,
    ...(intervalMs === undefined
      ? []
      : [`Every ${(intervalMs / 1000).toLocaleString('en')} s: an order in Magento, then a stock change in PlentyONE. Ctrl-C stops everything.`]),
    '',
  ];
}
