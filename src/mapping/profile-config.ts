/**
 * The `mapping` key of a stored profile config. Every profile type has it, so it lives beside the
 * type's own schema rather than in it: the type's schema parses the rest, this module the mapping,
 * checked against the fields the type declares.
 */
import { describeConfigError } from '../profiles/config/errors.js';
import type { AnyProfileType } from '../profiles/profile-type.js';
import { mappingProblems } from './check.js';
import { mappingConfigSchema, type MappingConfig } from './schema.js';

export const MAPPING_KEY = 'mapping';

/** The config without its mapping, and the mapping as stored (undefined when there is none). */
export function splitMapping(config: unknown): { rest: unknown; mapping: unknown } {
  if (!config || typeof config !== 'object' || Array.isArray(config) || !(MAPPING_KEY in config)) return { rest: config, mapping: undefined };
  const { [MAPPING_KEY]: mapping, ...rest } = config as Record<string, unknown>;
  return { rest, mapping };
}

/** Parses and checks a mapping: the parsed mapping, or the problems (`mapping.…: …` lines). */
export function parseMapping(type: AnyProfileType, stored: unknown): { mapping: MappingConfig; problems: string[] } {
  const parsed = mappingConfigSchema.safeParse(stored ?? {});
  if (!parsed.success) {
    return { mapping: mappingConfigSchema.parse({}), problems: describeConfigError(parsed.error).map((line) => `${MAPPING_KEY}.${line}`) };
  }
  return { mapping: parsed.data, problems: mappingProblems(parsed.data, type.mapping, type.id) };
}
