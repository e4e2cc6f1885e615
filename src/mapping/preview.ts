import { PermanentApiError } from '../connectors/errors.js';

/**
 * What a dry run reports per record: what writing it would do, with a field-level diff against the
 * target's current state when the profile type can read it (its `preview` stage).
 */

export interface FieldDiff {
  /** Dotted path in the target's terms (`referrerId`, `texts.de.name`, `variations.SKU-1.base.weightG`). */
  field: string;
  /** Current value in the target; absent when the field or the entity does not exist there yet. */
  before?: unknown;
  after: unknown;
}

export interface RecordPreview {
  key: string;
  /** create/update: would be written; unchanged: nothing to write; skip/fail: with the reason. */
  action: 'create' | 'update' | 'unchanged' | 'skip' | 'fail';
  reason?: string;
  /** The target's id when the record exists there already. */
  targetId?: string;
  diff: FieldDiff[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Numbers and numeric texts compare by value: PlentyONE answers "19.00" where a body says 19. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string')) {
    const na = Number(a);
    const nb = Number(b);
    if (String(a).trim() !== '' && String(b).trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na === nb;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fields of `desired` whose value differs from `current`, descending into objects (arrays compare
 * whole). Fields `current` has and `desired` does not are left alone: a write changes only what it sends.
 */
export function diffFields(desired: unknown, current: unknown, prefix = ''): FieldDiff[] {
  if (isPlainObject(desired)) {
    const base = isPlainObject(current) ? current : {};
    return Object.entries(desired).flatMap(([key, value]) => (value === undefined ? [] : diffFields(value, base[key], prefix ? `${prefix}.${key}` : key)));
  }
  if (current !== undefined && same(desired, current)) return [];
  return [{ field: prefix, ...(current === undefined ? {} : { before: current }), after: desired }];
}

/**
 * Magento's `custom_attributes` list as an object by attribute code, for a diff by code rather than of
 * the whole list. An empty value is null: a save sends "" to clear an attribute, and Magento leaves an
 * empty one out of its answers.
 */
export function byAttributeCode(attributes: { attribute_code: string; value: unknown }[]): Record<string, unknown> {
  return Object.fromEntries(attributes.map((a) => [a.attribute_code, a.value === '' || a.value === undefined ? null : a.value]));
}

/**
 * diffFields of a Magento entity whose `custom_attributes` both sides hold by code (byAttributeCode):
 * an attribute the desired values name and Magento's answer leaves out is empty (null) there.
 */
export function diffByAttributeCode(desired: Record<string, unknown>, held: Record<string, unknown> | undefined): FieldDiff[] {
  const named = desired.custom_attributes as Record<string, unknown> | undefined;
  if (!held || !named) return diffFields(desired, held);
  const empty = Object.fromEntries(Object.keys(named).map((code) => [code, null]));
  return diffFields(desired, { ...held, custom_attributes: { ...empty, ...(held.custom_attributes as Record<string, unknown> | undefined) } });
}

/**
 * A run's outcome known before any write (a process stage's own decision), as the dry run shows it:
 * a skip whose reason starts with `unchanged` as unchanged, other skips as skips, failures as failures.
 */
export function previewOfOutcome(outcome: { key: string; result: string; reason?: string }, unchanged?: string): RecordPreview {
  const { key, reason } = outcome;
  const action = outcome.result === 'failed' ? 'fail' : unchanged !== undefined && reason?.startsWith(unchanged) ? 'unchanged' : 'skip';
  return { key, action, ...(reason ? { reason } : {}), diff: [] };
}

/**
 * A record's preview, or `fail` with the target's refusal (a 4xx, e.g. an entity a link names that is
 * gone), as a run fails that record and goes on; anything else ends the dry run.
 */
export async function refusedAsFailure(key: string, preview: () => Promise<RecordPreview>): Promise<RecordPreview> {
  try {
    return await preview();
  } catch (error) {
    if (!(error instanceof PermanentApiError)) throw error;
    return { key, action: 'fail', reason: error.message, diff: [] };
  }
}
