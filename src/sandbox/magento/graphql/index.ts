/**
 * The Magento sandbox's `/graphql` endpoint. Mount it in the Magento app:
 *
 *   app.on(['GET', 'POST'], '/graphql', createGraphqlHandler(store));
 *
 * GET takes `query`, `variables` (JSON) and `operationName` from the query string; POST takes a
 * JSON body. The `Store` header selects the store view (default view when absent).
 */
import type { Context } from 'hono';
import type { MagentoStore, StoreView } from '../store/index.js';
import type { GraphqlContext, GraphqlOptions } from './context.js';
import { requestError } from './errors.js';
import type { ErrorCategory } from './errors.js';
import { executeGraphql, isMutation, parseQuery } from './executor.js';
import type { GraphqlRequest, GraphqlResponse } from './executor.js';
import { MAGENTO_DEFAULT_LIMITS } from './limits.js';
import { sandboxSchema } from './schema.js';

export type { GraphqlOptions } from './context.js';
export type { GraphqlRequest, GraphqlResponse } from './executor.js';
export { complexityMessage, depthMessage, MAGENTO_DEFAULT_LIMITS } from './limits.js';
export type { QueryLimits } from './limits.js';
export { magentoSdlPath } from './schema.js';

export type GraphqlHandler = (c: Context) => Promise<Response>;

const fail = (message: string, category: ErrorCategory): GraphqlResponse => ({
  status: 200,
  body: requestError(message, category),
});

/** Magento answers an unreadable body as a syntax error at 1:1. */
function unparsable(message: string): GraphqlResponse {
  const error = { message: `Syntax Error: ${message}`, locations: [{ line: 1, column: 1 }], extensions: { category: 'graphql' } };
  return { status: 400, body: { errors: [error] } };
}

async function readRequest(c: Context): Promise<GraphqlRequest | GraphqlResponse> {
  if (c.req.method === 'GET') {
    const variables = c.req.query('variables');
    let parsed: Record<string, unknown> | null = null;
    if (variables) {
      try {
        parsed = JSON.parse(variables) as Record<string, unknown>;
      } catch {
        return unparsable('Unable to parse the variables.');
      }
    }
    return { query: c.req.query('query') ?? '', variables: parsed, operationName: c.req.query('operationName') ?? null };
  }
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return fail('Request content type must be application/json', 'graphql-input');
  }
  try {
    const body = (await c.req.json()) as Partial<GraphqlRequest> | null;
    return {
      query: typeof body?.query === 'string' ? body.query : '',
      variables: body?.variables && typeof body.variables === 'object' ? body.variables : null,
      operationName: typeof body?.operationName === 'string' ? body.operationName : null,
    };
  } catch {
    return unparsable('Unable to parse the request.');
  }
}

/** The view named by the `Store` header; `undefined` when Magento would refuse it. */
function viewFor(store: MagentoStore, header: string | undefined): StoreView | undefined {
  const code = header?.trim();
  if (!code) return store.storeView();
  return store.frontViews().find((v) => v.code === code && v.isActive);
}

export function createGraphqlHandler(store: MagentoStore, options: GraphqlOptions = {}): GraphqlHandler {
  const schema = sandboxSchema();
  const limits = {
    maxDepth: options.maxDepth ?? MAGENTO_DEFAULT_LIMITS.maxDepth,
    maxComplexity: options.maxComplexity ?? MAGENTO_DEFAULT_LIMITS.maxComplexity,
  };
  const answer = (c: Context, response: GraphqlResponse) => c.json(response.body, response.status as 200);

  return async (c) => {
    const request = await readRequest(c);
    if ('status' in request) return answer(c, request);
    const view = viewFor(store, c.req.header('store'));
    if (!view) return answer(c, fail('Requested store is not found', 'graphql-input'));
    const document = parseQuery(request.query);
    if ('status' in document) return answer(c, document);
    if (c.req.method === 'GET' && isMutation(document, request.operationName)) {
      return answer(c, fail('Mutation requests allowed only for POST requests', 'graphql-input'));
    }
    const context: GraphqlContext = {
      store,
      view,
      baseUrl: `${new URL(c.req.url).origin}/`,
      showOutOfStock: options.showOutOfStock ?? false,
      memo: new Map(),
    };
    return answer(c, await executeGraphql(schema, document, request, context, limits));
  };
}
