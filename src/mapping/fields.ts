/**
 * What a profile type declares about the records it maps: the fields a mapping may read (source) and
 * write (target), with their types and descriptions. The config is checked against them when it is
 * saved or imported, the admin app lists them, and the runner asks the type where they live in a record.
 */

export const fieldTypes = ['string', 'number', 'integer', 'boolean', 'date', 'object', 'array', 'any'] as const;
export type FieldType = (typeof fieldTypes)[number];

export interface FieldDecl {
  /**
   * Dotted path (`billing_address.country_id`). A name ending in `.*` stands for any key below it
   * (`attributes.*`); a field of type object or any may be read below too (`extension_attributes.x`).
   */
  name: string;
  type: FieldType;
  description: string;
  /** Target fields only: the value lives once per language (item texts, category details). */
  perLanguage?: boolean;
}

/**
 * Where a mapping reads and writes within one record. `source` is what source paths and expressions
 * read, `target` the object the profile's transform built, which mapping changes in place. `languages`
 * are the per-language parts of the target (one per language of the store mapping), each with the
 * source as that language's store view shows it.
 */
export interface MappingSubject {
  source: unknown;
  target: Record<string, unknown>;
  languages?: { language: string; source: unknown; target: Record<string, unknown> }[];
}

/** A profile type's part of the mapping layer (see ProfileType.mapping). */
export interface MappingAdapter<Raw = unknown, Rec = unknown, Config = unknown> {
  sourceFields: readonly FieldDecl[];
  targetFields: readonly FieldDecl[];
  /**
   * The parts of a transformed record that mapping applies to (several for a record of several units,
   * e.g. one per variation or per source item); none for a record that is not written (a delete, a skip).
   */
  subjects(raw: Raw, record: Rec, config: Config): MappingSubject[];
  /**
   * Called when mapping changed the record, with a digest of what it wrote: a type that keeps a hash of
   * what it writes folds the digest in, so a changed mapping is written on the next run.
   */
  afterMapping?(record: Rec, digest: string): Rec;
}

/** The declared field a path names, or undefined. */
export function findField(fields: readonly FieldDecl[], path: string): FieldDecl | undefined {
  for (const field of fields) {
    if (field.name === path) return field;
    if (field.name.endsWith('.*') && path.startsWith(field.name.slice(0, -1)) && path.length > field.name.length - 1) return field;
    if ((field.type === 'object' || field.type === 'any') && path.startsWith(`${field.name}.`)) return field;
  }
  return undefined;
}

/** "unknown field …" with the fields that do exist, for config errors. */
export function unknownFieldMessage(side: 'source' | 'target', path: string, fields: readonly FieldDecl[]): string {
  const names = fields.map((f) => f.name);
  const shown = names.length > 25 ? `${names.slice(0, 25).join(', ')} … (${names.length} in all: plentygate profile:fields)` : names.join(', ');
  return `unknown ${side} field "${path}"; the ${side} fields are: ${shown || '(none)'}`;
}

const isIndex = (key: string) => /^\d+$/.test(key);

export function getPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = Array.isArray(current) && isIndex(key) ? current[Number(key)] : (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Writes a value at a dotted path, creating objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let current: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (next === null || next === undefined || typeof next !== 'object') current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[keys.at(-1)!] = value;
}
