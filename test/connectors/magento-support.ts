/** A Magento sandbox on a real port and a client pointed at it, for the Magento client suites. */
import { createMagentoClient, type MagentoClient, type MagentoClientOptions } from '../../src/connectors/magento/index.js';
import { serve, type ServedApp } from '../../src/sandbox/common/index.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox, type MagentoSandbox } from '../../src/sandbox/magento/index.js';

export interface MagentoHarness {
  sandbox: MagentoSandbox;
  url: string;
  /** A client with the sandbox's token, quick retries and a short deadline; options override. */
  client(options?: Partial<MagentoClientOptions>): MagentoClient;
  /** `GET /_sandbox/requests` → calls per "METHOD /route/pattern". */
  requests(): Promise<Record<string, number>>;
  resetRequests(): Promise<void>;
  fault(rule: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

export async function startMagentoHarness(catalog: { variations?: number; orders?: number } = {}): Promise<MagentoHarness> {
  const sandbox = createMagentoSandbox({ catalog: createCatalog({ seed: 11, variations: catalog.variations ?? 200, orders: catalog.orders ?? 45 }) });
  const served: ServedApp = await serve(sandbox.app);
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${served.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox control ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  return {
    sandbox,
    url: served.url,
    client: (options = {}) =>
      createMagentoClient({
        baseUrl: served.url,
        auth: { type: 'bearer', token: sandbox.token },
        timeoutMs: 5_000,
        retries: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 },
        ...options,
      }),
    requests: async () => (await control('GET', '/requests')).byRoute as Record<string, number>,
    resetRequests: async () => {
      await control('DELETE', '/requests');
    },
    fault: async (rule) => {
      await control('POST', '/faults', rule);
    },
    clearFaults: async () => {
      await control('DELETE', '/faults');
    },
    close: () => served.close(),
  };
}
