/**
 * Runs one GraphQL request the way Magento's `GraphQl` controller and `QueryProcessor` do:
 * parse (syntax error → HTTP 400), the field-count pre-check, validation with the standard rules
 * plus complexity and depth, then execution. Errors are formatted with Magento's categories; HTTP
 * status is 200 for everything but syntax errors (and 401/403 for authentication/authorization).
 */
import { execute, GraphQLError, Kind, parse, specifiedRules, validate } from 'graphql';
import type { DocumentNode, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { GraphqlContext } from './context.js';
import { formatError, requestError } from './errors.js';
import { complexityMessage, complexityRule, countFieldNodes, depthRule } from './limits.js';
import type { QueryLimits } from './limits.js';

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface GraphqlResponse {
  status: number;
  body: { data?: unknown; errors?: GraphQLFormattedError[] };
}

function statusFor(errors: readonly GraphQLFormattedError[]): number {
  for (const error of errors) {
    const category = error.extensions?.category;
    if (category === 'graphql-authentication') return 401;
    if (category === 'graphql-authorization') return 403;
    if (category !== undefined) return 200;
  }
  return 200;
}

/** True when the selected operation is a mutation (Magento refuses those over GET). */
export function isMutation(document: DocumentNode, operationName?: string | null): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  return chosen?.operation === 'mutation';
}

export function parseQuery(query: string): DocumentNode | GraphqlResponse {
  try {
    return parse(query);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { status: 400, body: { errors: [formatError(error)] } };
  }
}

export async function executeGraphql(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: GraphqlRequest,
  context: GraphqlContext,
  limits: QueryLimits,
): Promise<GraphqlResponse> {
  const variables = request.variables ?? {};
  if (limits.maxComplexity > 0) {
    const fields = countFieldNodes(document);
    if (fields > limits.maxComplexity) {
      return { status: 200, body: requestError(complexityMessage(limits.maxComplexity, fields), 'graphql-input') };
    }
  }
  // graphql-php's QueryComplexity stays silent when an earlier rule already failed; QueryDepth
  // always reports. Standard errors come first, then complexity, then depth.
  const standard = validate(schema, document, specifiedRules);
  const limitRules = standard.length > 0
    ? [depthRule(limits.maxDepth)]
    : [complexityRule(limits.maxComplexity, variables), depthRule(limits.maxDepth)];
  const validationErrors = [...standard, ...validate(schema, document, limitRules)];
  if (validationErrors.length > 0) {
    return { status: 200, body: { errors: validationErrors.map(formatError) } };
  }
  const result = await execute({
    schema,
    document,
    contextValue: context,
    variableValues: variables,
    operationName: request.operationName ?? undefined,
  });
  const errors = (result.errors ?? []).map(formatError);
  const body: GraphqlResponse['body'] = errors.length > 0 ? { errors, data: result.data } : { data: result.data };
  return { status: statusFor(errors), body };
}
