/**
 * Applies a profile's mapping to one transformed record. Per mapping subject (see fields.ts), in this
 * order: filters (a record a filter does not keep is skipped), rules (skip and fail end the record at
 * once; `set` and `useMapping` are collected), the field mappings of `fields`, then those of each chosen
 * named mapping, then the rules' `set` actions, so a rule overrides a mapping. Conditions of filters and
 * rules see the record as the profile built it, before any field mapping.
 */
import { createHash } from 'node:crypto';
import { describeCondition, holds } from './conditions.js';
import { compileExpression } from './expression.js';
import { getPath, setPath, type MappingAdapter, type MappingSubject } from './fields.js';
import type { FieldRow, MappingConfig } from './schema.js';
import { applyTransforms, isEmpty } from './transforms.js';

/** One field the mapping wrote. */
export interface FieldChange {
  field: string;
  language?: string;
  before: unknown;
  after: unknown;
}

export type MappingResult<Rec> =
  | { kind: 'mapped'; record: Rec; changes: FieldChange[] }
  | { kind: 'skip'; reason: string }
  /** `error`: the mapping could not be evaluated (expression, conversion), not a rule's deliberate fail. */
  | { kind: 'fail'; reason: string; error?: true };

class Stop extends Error {
  constructor(readonly kind: 'skip' | 'fail', reason: string, readonly error = false) {
    super(reason);
  }
}

async function valueOf(row: FieldRow, source: unknown, target: Record<string, unknown>, language?: string): Promise<unknown> {
  let value: unknown;
  if (row.value !== undefined) value = structuredClone(row.value);
  else if (row.source !== undefined) value = getPath(source, row.source);
  else value = await compileExpression(row.expression!).evaluate(source, { source, target, ...(language ? { language } : {}) });
  if (!isEmpty(value)) value = await applyTransforms(value, row.transforms, { source, target });
  if (isEmpty(value) && row.default !== undefined) value = structuredClone(row.default);
  return value;
}

async function applyRow(row: FieldRow, subject: MappingSubject, perLanguage: ReadonlySet<string>, changes: FieldChange[], where: string): Promise<void> {
  const write = async (source: unknown, target: Record<string, unknown>, language?: string) => {
    if (row.when && !(await holds(row.when, { source: subject.source, target: subject.target }))) return;
    let value: unknown;
    try {
      value = await valueOf(row, source, target, language);
    } catch (error) {
      throw new Stop('fail', `Mapping ${where} (${row.target}${language ? `, ${language}` : ''}): ${(error as Error).message}`, true);
    }
    // Nothing to write (empty, no default): the field stays as the profile built it.
    if (isEmpty(value)) return;
    const before = getPath(target, row.target);
    if (JSON.stringify(before) === JSON.stringify(value)) return;
    setPath(target, row.target, value);
    changes.push({ field: row.target, ...(language ? { language } : {}), before, after: value });
  };
  // A per-language field is written in each language part (or the row's one language).
  if (perLanguage.has(row.target)) {
    for (const part of subject.languages ?? []) {
      if (row.language === undefined || row.language === part.language) await write(part.source, part.target, part.language);
    }
    return;
  }
  await write(subject.source, subject.target);
}

async function mapSubject(mapping: MappingConfig, subject: MappingSubject, perLanguage: ReadonlySet<string>, changes: FieldChange[]): Promise<void> {
  const scope = { source: subject.source, target: subject.target };
  for (const [i, filter] of mapping.filters.entries()) {
    if (!(await holds(filter.keep, scope))) {
      throw new Stop('skip', filter.reason ?? `Left out by mapping filter ${i + 1} (keeps records where ${describeCondition(filter.keep)}).`);
    }
  }
  const sets: { row: FieldRow; where: string }[] = [];
  const chosen: string[] = [];
  for (const [i, rule] of mapping.rules.entries()) {
    const name = rule.name ? `rule "${rule.name}"` : `rule ${i + 1}`;
    const actions = (await holds(rule.if, scope)) ? rule.then : rule.else;
    for (const action of actions) {
      if ('skip' in action) throw new Stop('skip', action.skip);
      if ('fail' in action) throw new Stop('fail', action.fail);
      if ('set' in action) sets.push({ row: action.set, where: name });
      if ('useMapping' in action && !chosen.includes(action.useMapping)) chosen.push(action.useMapping);
    }
  }
  for (const [i, row] of mapping.fields.entries()) await applyRow(row, subject, perLanguage, changes, `fields.${i}`);
  for (const name of chosen) {
    for (const [i, row] of (mapping.mappings[name] ?? []).entries()) await applyRow(row, subject, perLanguage, changes, `mappings.${name}.${i}`);
  }
  for (const { row, where } of sets) await applyRow(row, subject, perLanguage, changes, where);
}

export async function applyMapping<Raw, Rec, Config>(
  mapping: MappingConfig,
  adapter: MappingAdapter<Raw, Rec, Config>,
  raw: Raw,
  record: Rec,
  config: Config,
): Promise<MappingResult<Rec>> {
  const perLanguage = new Set(adapter.targetFields.filter((f) => f.perLanguage).map((f) => f.name));
  const changes: FieldChange[] = [];
  try {
    for (const subject of adapter.subjects(raw, record, config)) {
      await mapSubject(mapping, subject, perLanguage, changes);
    }
  } catch (error) {
    if (error instanceof Stop) {
      return error.kind === 'skip' ? { kind: 'skip', reason: error.message } : { kind: 'fail', reason: error.message, ...(error.error ? { error: true as const } : {}) };
    }
    // A condition's expression that failed (too slow, too large, a type error) fails this record only.
    return { kind: 'fail', reason: `Mapping: ${error instanceof Error ? error.message : String(error)}`, error: true };
  }
  if (changes.length === 0 || !adapter.afterMapping) return { kind: 'mapped', record, changes };
  const digest = createHash('sha256').update(JSON.stringify(changes.map(({ field, language, after }) => [field, language, after]))).digest('hex');
  return { kind: 'mapped', record: adapter.afterMapping(record, digest), changes };
}
