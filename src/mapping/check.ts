/**
 * Checks a parsed mapping against the fields a profile type declares: every source and target path must
 * name a declared field, a language only goes with a per-language target, and a rule chooses only named
 * mappings that exist. One line per problem, `mapping.<path>: <message>`, as config errors are written.
 */
import { findField, unknownFieldMessage, type MappingAdapter } from './fields.js';
import type { Action, Condition, FieldRow, MappingConfig, Transform } from './schema.js';
import { isEmptyMapping } from './schema.js';

export function mappingProblems(mapping: MappingConfig, adapter: MappingAdapter | undefined, typeId: string): string[] {
  if (isEmptyMapping(mapping) && Object.keys(mapping.mappings).length === 0) return [];
  if (!adapter) return [`mapping: the profile type ${typeId} declares no fields to map in this version, so its mapping must stay empty`];
  const problems: string[] = [];
  const at = (path: string, message: string) => problems.push(`mapping.${path}: ${message}`);

  const source = (path: string, where: string) => {
    if (!findField(adapter.sourceFields, path)) at(where, unknownFieldMessage('source', path, adapter.sourceFields));
  };
  const target = (path: string, where: string) => {
    const field = findField(adapter.targetFields, path);
    if (!field) at(where, unknownFieldMessage('target', path, adapter.targetFields));
    return field;
  };
  const transforms = (list: Transform[], where: string) => list.forEach((t, i) => {
    if ('currency' in t && t.currency.rateSource) source(t.currency.rateSource, `${where}.${i}.currency.rateSource`);
  });
  const condition = (c: Condition, where: string): void => {
    if ('all' in c) c.all.forEach((x, i) => condition(x, `${where}.all.${i}`));
    else if ('any' in c) c.any.forEach((x, i) => condition(x, `${where}.any.${i}`));
    else if ('not' in c) condition(c.not, `${where}.not`);
    else if ('expression' in c) return;
    else if (c.source !== undefined) source(c.source, `${where}.source`);
    else if (c.target !== undefined) {
      const field = target(c.target, `${where}.target`);
      if (field?.perLanguage) at(`${where}.target`, `"${c.target}" has a value per language; test it in an expression ($target is the record)`);
    }
  };
  const row = (r: FieldRow, where: string) => {
    const field = target(r.target, `${where}.target`);
    if (field && r.language !== undefined && !field.perLanguage) {
      at(`${where}.language`, `"${r.target}" has one value for all languages; remove "language"`);
    }
    if (r.source !== undefined) source(r.source, `${where}.source`);
    transforms(r.transforms, `${where}.transforms`);
    if (r.when) condition(r.when, `${where}.when`);
  };
  const actions = (list: Action[], where: string) => list.forEach((a, i) => {
    if ('set' in a) row(a.set, `${where}.${i}.set`);
    if ('useMapping' in a && !(a.useMapping in mapping.mappings)) {
      const names = Object.keys(mapping.mappings);
      at(`${where}.${i}.useMapping`, `there is no mapping "${a.useMapping}" under mapping.mappings${names.length ? ` (there are: ${names.join(', ')})` : ''}`);
    }
  });

  mapping.fields.forEach((r, i) => row(r, `fields.${i}`));
  for (const [name, rows] of Object.entries(mapping.mappings)) rows.forEach((r, i) => row(r, `mappings.${name}.${i}`));
  mapping.filters.forEach((f, i) => condition(f.keep, `filters.${i}.keep`));
  mapping.rules.forEach((r, i) => {
    condition(r.if, `rules.${i}.if`);
    actions(r.then, `rules.${i}.then`);
    actions(r.else, `rules.${i}.else`);
  });
  return problems;
}
