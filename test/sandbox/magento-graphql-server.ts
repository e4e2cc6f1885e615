/**
 * Starts the whole Magento sandbox (REST, GraphQL, /_sandbox) on 127.0.0.1, port chosen by the OS,
 * for the GraphQL suites, and gives them a `gql()` that POSTs like a storefront client.
 */
import { serve } from '../../src/sandbox/common/index.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import type { GraphqlOptions } from '../../src/sandbox/magento/graphql/index.js';
import { createMagentoSandbox } from '../../src/sandbox/magento/index.js';
import type { MagentoStore } from '../../src/sandbox/magento/index.js';

export interface GqlAnswer<T> {
  status: number;
  body: {
    data?: T | null;
    errors?: { message: string; extensions?: { category?: string }; locations?: unknown; path?: unknown }[];
  };
}

export interface GraphqlSandbox {
  url: string;
  store: MagentoStore;
  gql<T = unknown>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlAnswer<T>>;
  close(): Promise<void>;
}

export async function startGraphqlSandbox(options: { variations: number; seed?: number; graphql?: GraphqlOptions }): Promise<GraphqlSandbox> {
  const { app, store } = createMagentoSandbox({
    catalog: createCatalog({ seed: options.seed ?? 42, variations: options.variations }),
    graphql: options.graphql,
  });
  const served = await serve(app);
  return {
    url: served.url,
    store,
    async gql<T>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      const response = await fetch(`${served.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GqlAnswer<T>['body'] };
    },
    close: () => served.close(),
  };
}
