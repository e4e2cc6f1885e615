/**
 * The mapping step the runner (and the dry run) puts between a profile's transform and validate, the
 * same for every profile type: parses the config's mapping, and maps each transformed record.
 */
import type { AnyProfileType } from '../profiles/profile-type.js';
import { applyMapping, type MappingResult } from './apply.js';
import { parseMapping, splitMapping } from './profile-config.js';
import { isEmptyMapping } from './schema.js';

export interface MappingStep {
  /** Config problems (`mapping.…: …`): a run with a broken mapping does not start. */
  problems: string[];
  map(raw: unknown, record: unknown): Promise<MappingResult<unknown>>;
}

export function mappingStep(type: AnyProfileType, storedConfig: unknown): MappingStep {
  const { mapping: stored } = splitMapping(storedConfig);
  const { mapping, problems } = parseMapping(type, stored);
  const adapter = type.mapping;
  if (problems.length || !adapter || isEmptyMapping(mapping)) {
    return { problems, map: async (_raw, record) => ({ kind: 'mapped', record, changes: [] }) };
  }
  // The type's own config (parsed by the caller too; once per run): the adapter reads e.g. its store mapping.
  const config = type.configSchema.safeParse(typeConfigOf(storedConfig));
  if (!config.success) return { problems, map: async (_raw, record) => ({ kind: 'mapped', record, changes: [] }) };
  return { problems, map: (raw, record) => applyMapping(mapping, adapter, raw, record, config.data) };
}

/** The stored config without its mapping: what the type's own schema parses. */
export const typeConfigOf = (storedConfig: unknown): unknown => splitMapping(storedConfig).rest;
