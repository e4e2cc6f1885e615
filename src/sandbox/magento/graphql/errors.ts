/**
 * GraphQL errors as Magento answers them: `{message, locations?, path?, extensions: {category}}`.
 * Categories are Magento's exception classes: `graphql` (parse and validation errors from
 * graphql-php), `graphql-input` (GraphQlInputException), `graphql-no-such-entity`
 * (GraphQlNoSuchEntityException), `graphql-authorization`, `graphql-authentication`,
 * `graphql-already-exists`, and `internal` for anything unexpected (message hidden in production).
 */
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { MagentoStoreError } from '../store/errors.js';

export type ErrorCategory =
  | 'graphql'
  | 'graphql-input'
  | 'graphql-no-such-entity'
  | 'graphql-authorization'
  | 'graphql-authentication'
  | 'graphql-already-exists'
  | 'internal';

/** Thrown by resolvers; carries Magento's category. */
export class MagentoGraphqlError extends Error {
  constructor(
    message: string,
    readonly category: ErrorCategory,
  ) {
    super(message);
    this.name = 'MagentoGraphqlError';
  }
}

export const inputError = (message: string): MagentoGraphqlError => new MagentoGraphqlError(message, 'graphql-input');
export const noSuchEntityError = (message: string): MagentoGraphqlError =>
  new MagentoGraphqlError(message, 'graphql-no-such-entity');

/** What production Magento answers for an exception it does not expose. */
export const INTERNAL_MESSAGE = 'Internal server error';

/** The category and client-visible message of whatever a resolver threw. */
function classify(cause: unknown): { message: string; category: ErrorCategory } {
  if (cause instanceof MagentoGraphqlError) return { message: cause.message, category: cause.category };
  if (cause instanceof MagentoStoreError) {
    return { message: cause.message, category: cause.status === 404 ? 'graphql-no-such-entity' : 'graphql-input' };
  }
  return { message: INTERNAL_MESSAGE, category: 'internal' };
}

/** Formats an error of parse, validation or execution the way Magento's response shows it. */
export function formatError(error: GraphQLError): GraphQLFormattedError {
  const cause = error.originalError;
  // graphql-js wraps resolver throws; errors it raises itself (validation, coercion) have no cause
  // or a GraphQLError cause, and are graphql-php's own category.
  const { message, category } =
    cause === undefined || cause === null || cause instanceof GraphQLError
      ? { message: error.message, category: 'graphql' as const }
      : classify(cause);
  const formatted: { -readonly [K in keyof GraphQLFormattedError]: GraphQLFormattedError[K] } = {
    message,
    extensions: { category },
  };
  if (error.locations !== undefined) formatted.locations = error.locations;
  if (error.path !== undefined) formatted.path = error.path;
  return formatted;
}

/** A request-level error (no locations), as Magento's controller answers an exception. */
export function requestError(message: string, category: ErrorCategory): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message, extensions: { category } }] };
}
