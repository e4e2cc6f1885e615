/** Starts a Magento sandbox on a real port for the REST and webhook suites. */
import { serve, type ServedApp } from '../../src/sandbox/common/index.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import {
  createMagentoSandbox,
  generateWebhookKeys,
  type MagentoSandbox,
  type MagentoSandboxOptions,
} from '../../src/sandbox/magento/index.js';

export interface RunningMagento {
  sandbox: MagentoSandbox;
  url: string;
  /** Fetch with the integration token; `path` starts with `/`. */
  call(path: string, init?: { method?: string; body?: unknown; token?: string | null }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

let sharedKeys: ReturnType<typeof generateWebhookKeys> | undefined;

export async function startMagento(options: MagentoSandboxOptions & { variations?: number } = {}): Promise<RunningMagento> {
  sharedKeys ??= generateWebhookKeys();
  const sandbox = createMagentoSandbox({
    catalog: createCatalog({ seed: 7, variations: options.variations ?? 200 }),
    webhookKeys: sharedKeys,
    ...options,
  });
  const served: ServedApp = await serve(sandbox.app);
  return {
    sandbox,
    url: served.url,
    async call(path, init = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const token = init.token === undefined ? 'sandbox' : init.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const response = await fetch(served.url + path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    close: () => served.close(),
  };
}

/** `searchCriteria` query string from filter groups: `[[['sku','PG-1','eq'], ...], ...]`. */
export function criteria(
  groups: [field: string, value: string, condition?: string][][],
  extra: { pageSize?: number; currentPage?: number; sort?: [string, 'ASC' | 'DESC'][] } = {},
): string {
  const params = new URLSearchParams();
  groups.forEach((filters, g) =>
    filters.forEach(([field, value, condition], f) => {
      const base = `searchCriteria[filter_groups][${g}][filters][${f}]`;
      params.set(`${base}[field]`, field);
      params.set(`${base}[value]`, value);
      if (condition) params.set(`${base}[condition_type]`, condition);
    }),
  );
  extra.sort?.forEach(([field, direction], i) => {
    params.set(`searchCriteria[sortOrders][${i}][field]`, field);
    params.set(`searchCriteria[sortOrders][${i}][direction]`, direction);
  });
  if (extra.pageSize !== undefined) params.set('searchCriteria[pageSize]', String(extra.pageSize));
  if (extra.currentPage !== undefined) params.set('searchCriteria[currentPage]', String(extra.currentPage));
  const text = params.toString();
  return text ? `?${text}` : '?searchCriteria=';
}

/** A payload of reference/magento/examples (Adobe's documentation), parsed. */
export { magentoExample as example } from '../support/magento-references.js';
