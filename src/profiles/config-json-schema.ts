import { z } from 'zod';
import type { AnyProfileType } from './profile-type.js';
import { mappingDocumentSchema } from '../mapping/schema.js';
import { MAPPING_KEY } from '../mapping/profile-config.js';

/**
 * The JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a profile type's config accepts, derived from
 * its zod schema: `io: 'input'` describes what a client may send (defaults make keys optional).
 * Every object refuses keys it does not declare (`additionalProperties: false`), as the zod schema does.
 */
export function configJsonSchema(type: AnyProfileType): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(type.configSchema as z.ZodType, { io: 'input' }) as Record<string, unknown>;
  // Every type's config also takes a mapping (src/mapping); its fields are the type's (`mappingFields`).
  const { $schema: _d, ...mapping } = z.toJSONSchema(mappingDocumentSchema, { io: 'input' }) as Record<string, unknown>;
  const properties = { ...(schema.properties as Record<string, unknown> | undefined), [MAPPING_KEY]: mapping };
  return { title: `${type.id} config`, ...schema, properties };
}

/** The name of a type's config schema under components/schemas of the admin API's OpenAPI document. */
export const configSchemaComponent = (typeId: string) => `ProfileConfig_${typeId}`;

/** The fields a type's mapping may read and write (empty lists: the type declares none in this version). */
export function mappingFields(type: AnyProfileType) {
  return { typeId: type.id, source: type.mapping?.sourceFields ?? [], target: type.mapping?.targetFields ?? [] };
}
