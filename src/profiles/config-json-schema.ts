import { z } from 'zod';
import type { AnyProfileType } from './profile-type.js';

/**
 * The JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a profile type's config accepts, derived from
 * its zod schema: `io: 'input'` describes what a client may send (defaults make keys optional).
 * Every object refuses keys it does not declare (`additionalProperties: false`), as the zod schema does.
 */
export function configJsonSchema(type: AnyProfileType): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(type.configSchema as z.ZodType, { io: 'input' }) as Record<string, unknown>;
  return { title: `${type.id} config`, ...schema };
}

/** The name of a type's config schema under components/schemas of the admin API's OpenAPI document. */
export const configSchemaComponent = (typeId: string) => `ProfileConfig_${typeId}`;
