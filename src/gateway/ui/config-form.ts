import { html } from 'hono/html';
import { configJsonSchema } from '../../profiles/config-json-schema.js';
import type { AnyProfileType } from '../../profiles/profile-type.js';
import type { Html } from './layout.js';
import { listsForField, PICK_LISTS, type PickList, type PickListKey } from '../pick-lists.js';

/** The part of JSON Schema that zod 4's `z.toJSONSchema` writes for the config schemas. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
}

/** A profile type's config schema as JSON Schema (the one `profile:schema` prints and the OpenAPI document holds). */
export function configFormSchema(type: AnyProfileType): JsonSchema {
  return configJsonSchema(type) as JsonSchema;
}

type Kind = 'group' | 'boolean' | 'enum' | 'text' | 'number' | 'list' | 'map' | 'rows' | 'json';

/** One-branch unions (optional/nullable wrappers) are the branch; literals are enums. */
function unwrap(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const real = branches.filter((b) => b.type !== 'null');
    if (real.length === 1) return { ...real[0], description: schema.description ?? real[0]!.description, default: schema.default ?? real[0]!.default };
    if (real.every((b) => b.const !== undefined)) return { ...schema, anyOf: undefined, oneOf: undefined, enum: real.map((b) => b.const) };
  }
  if (schema.const !== undefined && !schema.enum) return { ...schema, enum: [schema.const] };
  return schema;
}

function kindOf(raw: JsonSchema): Kind {
  const s = unwrap(raw);
  if (s.type === 'object' && s.properties && (s.additionalProperties === false || s.additionalProperties === undefined)) return 'group';
  if (s.type === 'boolean') return 'boolean';
  if (s.enum && s.enum.every((v) => typeof v === 'string' || typeof v === 'number')) return 'enum';
  if (s.type === 'string') return 'text';
  if (s.type === 'integer' || s.type === 'number') return 'number';
  if (s.type === 'array' && s.items) {
    const item = unwrap(s.items);
    if (item.type === 'string' || item.type === 'integer' || item.type === 'number') return 'list';
    if (item.type === 'object' && item.properties && Object.values(item.properties).every(isCell)) return 'rows';
  }
  if (s.type === 'object' && !s.properties && typeof s.additionalProperties === 'object' && isCell(s.additionalProperties)) return 'map';
  return 'json';
}

/** A value one input can hold: a text, a number or one of a few choices (a cell of a map or row). */
function isCell(raw: JsonSchema): boolean {
  const s = unwrap(raw);
  return Boolean(s.enum) || s.type === 'string' || s.type === 'integer' || s.type === 'number';
}

/** Blank rows shown after the stored ones, so a mapping can be added without JavaScript. */
const BLANK_ROWS = 3;

const FIELD_PREFIX = 'cfg.';
const fieldName = (path: string[]) => FIELD_PREFIX + path.join('.');
const label = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
const valueAt = (value: unknown, key: string) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);

export interface FormState {
  /** What the fields show: the stored config, or what was just submitted. */
  values: unknown;
  /** Raw text of fields that could not be read (kept so the user can fix them). */
  raw?: Record<string, string>;
  /** Problems by field path (dotted, without the prefix); '' for problems of the whole config. */
  errors?: Record<string, string[]>;
  /** Collected values of the connected systems: fields that take them offer them (datalists, links). */
  pickLists?: PickList[];
}

/**
 * The config as a form: each object of the schema a fieldset (its description as the explanation),
 * each setting a field with its description; booleans are checkboxes, enums selects, lists one value a
 * line, anything richer (maps, lists of objects) JSON. Field names are the settings' dotted paths.
 */
export function renderConfigForm(schema: JsonSchema, state: FormState): Html {
  const top = unwrap(schema);
  const entries = Object.entries(top.properties ?? {});
  const scalars = entries.filter(([, s]) => kindOf(s) !== 'group');
  const groups = entries.filter(([, s]) => kindOf(s) === 'group');
  return html`${scalars.length ? html`<fieldset data-group="general"><legend>General</legend>${scalars.map(([k, s]) => field([k], s, state))}</fieldset>` : ''}
${groups.map(([k, s]) => group([k], s, state))}`;
}

function group(path: string[], raw: JsonSchema, state: FormState): Html {
  const s = unwrap(raw);
  return html`<fieldset data-group="${path.join('.')}"><legend>${label(path.at(-1)!)} <code>${path.join('.')}</code></legend>
${s.description ? html`<p class="small muted">${s.description}</p>` : ''}
${(state.errors?.[path.join('.')] ?? []).map((e) => html`<div class="field-error" role="alert">${e}</div>`)}
${Object.entries(s.properties ?? {}).map(([k, child]) => (kindOf(child) === 'group' ? group([...path, k], child, state) : field([...path, k], child, state)))}
</fieldset>`;
}

function field(path: string[], raw: JsonSchema, state: FormState): Html {
  const s = unwrap(raw);
  const kind = kindOf(s);
  const key = path.join('.');
  const name = fieldName(path);
  const id = `f-${path.join('-')}`;
  let value: unknown = state.values;
  for (const p of path) value = valueAt(value, p);
  if (value === undefined) value = s.default;
  const errors = state.errors?.[key] ?? [];
  const text = state.raw?.[key];
  const available = new Set((state.pickLists ?? []).filter((l) => l.options.length).map((l) => l.key));
  const lists = listsForField(['json', 'list', 'map', 'rows'].includes(kind) ? `${key} ${JSON.stringify(s)}` : `${key} ${s.description ?? ''}`).filter((l) => available.has(l));
  // A single value field offers the first list's values as suggestions (the browser's own picker).
  const listAttr = lists.length ? html` list="pl-${lists[0]}"` : '';
  let input: Html;
  switch (kind) {
    case 'boolean':
      input = html`<input type="checkbox" id="${id}" name="${name}" value="true"${value === true ? html` checked` : ''}>`;
      break;
    case 'enum':
      input = html`<select id="${id}" name="${name}"><option value="">(not set${s.default !== undefined ? `: ${String(s.default)}` : ''})</option>${
        (s.enum ?? []).map((v) => html`<option value="${String(v)}"${String(v) === String(value ?? '') ? html` selected` : ''}>${String(v)}</option>`)}</select>`;
      break;
    case 'text':
      input = html`<input type="text" id="${id}" name="${name}" value="${text ?? (value === undefined ? '' : String(value))}" size="40"${listAttr}>`;
      break;
    case 'number':
      input = html`<input type="text" inputmode="decimal" id="${id}" name="${name}" value="${text ?? (value === undefined ? '' : String(value))}" size="12"${listAttr}>`;
      break;
    case 'list':
      input = html`<textarea id="${id}" name="${name}" rows="3" placeholder="one value a line">${text ?? (Array.isArray(value) ? value.map(String).join('\n') : '')}</textarea>`;
      break;
    case 'map':
      input = mapRows(name, id, s, value, state, lists);
      break;
    case 'rows':
      input = tableRows(name, id, s, value, state);
      break;
    default:
      input = html`<textarea id="${id}" name="${name}" rows="${value && typeof value === 'object' && Object.keys(value).length ? 5 : 2}" placeholder="JSON">${
        text ?? (value === undefined ? '' : JSON.stringify(value, null, 2))}</textarea>`;
  }
  const range = s.minimum !== undefined || s.maximum !== undefined ? ` (${s.minimum ?? '…'}–${s.maximum ?? '…'})` : '';
  return html`<div class="field${errors.length ? ' invalid' : ''}" data-field="${key}"><label for="${id}">${label(path.at(-1)!)} <code>${key}</code></label><div>${input}</div>
${s.description || range ? html`<div class="help">${s.description ?? ''}${range}${kind === 'json' ? ' As JSON.' : ''}${kind === 'map' || kind === 'rows' ? ' Clear a row to remove it; the blank rows add one.' : ''}</div>` : ''}
${lists.length ? html`<div class="help" data-pick="${lists.join(' ')}">Values in the connected systems: ${lists.map((l, i) => html`${i ? ', ' : ''}<a href="#pl-${l}-ref">${PICK_LISTS[l].label}</a>`)}</div>` : ''}
${errors.map((e) => html`<div class="error" role="alert">${e}</div>`)}</div>`;
}

/**
 * One input for one cell of a map or row: a select of the collected values when a pick list fills it
 * (the stored value kept even when the list no longer has it), else a text input.
 */
function cell(name: string, id: string, schema: JsonSchema, value: unknown, raw: string | undefined, options: PickList['options'] | undefined): Html {
  const s = unwrap(schema);
  const current = raw ?? (value === undefined || value === null ? '' : String(value));
  const choices = s.enum ? s.enum.map((v) => ({ value: String(v), label: String(v) })) : options;
  if (choices?.length) {
    const all = current && !choices.some((o) => o.value === current) ? [{ value: current, label: `${current} (not in the list)` }, ...choices] : choices;
    return html`<select id="${id}" name="${name}"><option value="">(none)</option>${
      all.map((o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label === o.value ? o.value : `${o.value} · ${o.label}`}</option>`)}</select>`;
  }
  return html`<input type="text" id="${id}" name="${name}" value="${current}" size="${s.type === 'string' ? 24 : 10}">`;
}

const optionsOf = (state: FormState, list: PickListKey | undefined) => (list ? state.pickLists?.find((l) => l.key === list)?.options : undefined);

/** A map (key → value) as rows of a key and a value; the value picked from the first matching list. */
function mapRows(name: string, id: string, s: JsonSchema, value: unknown, state: FormState, lists: PickListKey[]): Html {
  const entries = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : [];
  const options = optionsOf(state, lists[0]);
  const count = Math.max(entries.length, rowCount(state.raw, name)) + BLANK_ROWS;
  return html`<table class="rows" id="${id}"><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>${Array.from({ length: count }, (_, i) => {
    const [k, v] = entries[i] ?? [undefined, undefined];
    const at = `${name}[${i}]`;
    return html`<tr><td>${cell(`${at}.key`, `${id}-${i}-key`, { type: 'string' }, k, state.raw?.[`${at}.key`], undefined)}</td><td>${
      cell(`${at}.value`, `${id}-${i}-value`, s.additionalProperties as JsonSchema, v, state.raw?.[`${at}.value`], options)}</td></tr>`;
  })}</tbody></table>`;
}

/** A list of objects as a table, one column per property; columns a pick list fills are selects. */
function tableRows(name: string, id: string, s: JsonSchema, value: unknown, state: FormState): Html {
  const item = unwrap(s.items!);
  const columns = Object.entries(item.properties ?? {});
  const available = new Set((state.pickLists ?? []).filter((l) => l.options.length).map((l) => l.key));
  const listOf = (k: string, c: JsonSchema) => listsForField(`${k} ${unwrap(c).description ?? ''}`).find((l) => available.has(l));
  const rows = Array.isArray(value) ? value : [];
  const count = Math.max(rows.length, rowCount(state.raw, name)) + BLANK_ROWS;
  return html`<table class="rows" id="${id}"><thead><tr>${columns.map(([k, c]) => html`<th title="${unwrap(c).description ?? ''}">${label(k)}</th>`)}</tr></thead><tbody>${
    Array.from({ length: count }, (_, i) => html`<tr>${columns.map(([k, c]) => {
      const at = `${name}[${i}].${k}`;
      return html`<td>${cell(at, `${id}-${i}-${k}`, c, valueAt(rows[i], k), state.raw?.[at], optionsOf(state, listOf(k, c)))}</td>`;
    })}</tr>`)}</tbody></table>`;
}

/** How many rows of a map or table the submitted text (kept after an error) holds. */
function rowCount(raw: Record<string, string> | undefined, name: string): number {
  let n = 0;
  for (const key of Object.keys(raw ?? {})) {
    const m = key.startsWith(`${name}[`) ? /^\[(\d+)\]/.exec(key.slice(name.length)) : null;
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
}

export interface ReadForm {
  config: Record<string, unknown>;
  /** Fields whose text could not be read (not a number, not JSON), by path. */
  errors: Record<string, string[]>;
  raw: Record<string, string>;
}

/**
 * The submitted form back into a config object, walking the same schema: an empty field is left out
 * (the setting's default applies), an unticked checkbox is false. Validation is the profile service's.
 */
export function readConfigForm(schema: JsonSchema, form: Record<string, unknown>): ReadForm {
  const out: ReadForm = { config: {}, errors: {}, raw: {} };
  readGroup([], unwrap(schema), form, out.config, out);
  return out;
}

function readGroup(path: string[], s: JsonSchema, form: Record<string, unknown>, target: Record<string, unknown>, out: ReadForm): void {
  for (const [key, raw] of Object.entries(s.properties ?? {})) {
    const child = unwrap(raw);
    const p = [...path, key];
    const dotted = p.join('.');
    const kind = kindOf(child);
    if (kind === 'group') {
      const nested: Record<string, unknown> = {};
      readGroup(p, child, form, nested, out);
      target[key] = nested;
      continue;
    }
    if (kind === 'map' || kind === 'rows') {
      readRows(p, child, kind, form, target, out);
      continue;
    }
    const value = form[fieldName(p)];
    const text = typeof value === 'string' ? value : '';
    if (kind === 'boolean') {
      target[key] = value === 'true';
      continue;
    }
    if (text.trim() === '') continue;
    out.raw[dotted] = text;
    const fail = (message: string) => (out.errors[dotted] = [message]);
    switch (kind) {
      case 'enum': {
        const match = (child.enum ?? []).find((v) => String(v) === text);
        if (match === undefined) fail(`choose one of ${(child.enum ?? []).join(', ')}`);
        else target[key] = match;
        break;
      }
      case 'text':
        target[key] = text.trim();
        break;
      case 'number': {
        const n = Number(text.trim().replace(',', '.'));
        if (!Number.isFinite(n)) fail(`"${text}" is not a number`);
        else target[key] = n;
        break;
      }
      case 'list': {
        const numeric = ['integer', 'number'].includes(String(unwrap(child.items!).type));
        const items = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
        const bad = numeric ? items.filter((i) => !Number.isFinite(Number(i))) : [];
        if (bad.length) fail(`not numbers: ${bad.join(', ')}`);
        else target[key] = numeric ? items.map(Number) : items;
        break;
      }
      default:
        try {
          target[key] = JSON.parse(text);
        } catch (error) {
          fail(`not valid JSON: ${(error as Error).message}`);
        }
    }
  }
}

/** A cell's text as its schema's value, or the reason it is not one. */
function cellValue(schema: JsonSchema, text: string): { value: unknown } | { error: string } {
  const s = unwrap(schema);
  if (s.enum) {
    const match = s.enum.find((v) => String(v) === text);
    return match === undefined ? { error: `"${text}": choose one of ${s.enum.join(', ')}` } : { value: match };
  }
  if (s.type === 'integer' || s.type === 'number') {
    const n = Number(text.replace(',', '.'));
    return Number.isFinite(n) ? { value: n } : { error: `"${text}" is not a number` };
  }
  return { value: text };
}

/**
 * Reads the rows of a map or table: rows left blank are dropped, so removing a mapping is clearing its
 * row. A form without any of the field's rows (not the app's form) leaves the setting to its default.
 */
function readRows(path: string[], s: JsonSchema, kind: 'map' | 'rows', form: Record<string, unknown>, target: Record<string, unknown>, out: ReadForm): void {
  const name = fieldName(path);
  const dotted = path.join('.');
  const cells = new Map<number, Record<string, string>>();
  for (const [key, v] of Object.entries(form)) {
    const m = key.startsWith(`${name}[`) ? /^\[(\d+)\]\.(.+)$/.exec(key.slice(name.length)) : null;
    if (!m || typeof v !== 'string') continue;
    const row = cells.get(Number(m[1])) ?? {};
    row[m[2]!] = v.trim();
    cells.set(Number(m[1]), row);
  }
  if (cells.size === 0) return;
  const problems: string[] = [];
  const filled = [...cells].sort(([a], [b]) => a - b).filter(([, row]) => Object.values(row).some((v) => v !== ''));
  for (const [i, row] of filled) for (const [k, v] of Object.entries(row)) out.raw[`${name}[${i}].${k}`] = v;
  if (kind === 'map') {
    const map: Record<string, unknown> = {};
    for (const [i, row] of filled) {
      const key = row.key ?? '';
      if (!key) problems.push(`row ${i + 1}: a value without a key`);
      else if (key in map) problems.push(`row ${i + 1}: "${key}" is mapped twice`);
      else if (!row.value) problems.push(`row ${i + 1}: "${key}" has no value`);
      else {
        const read = cellValue(s.additionalProperties as JsonSchema, row.value);
        if ('error' in read) problems.push(`row ${i + 1}: ${read.error}`);
        else map[key] = read.value;
      }
    }
    if (problems.length) out.errors[dotted] = problems;
    else target[path.at(-1)!] = map;
    return;
  }
  const columns = unwrap(s.items!).properties ?? {};
  const rows: Record<string, unknown>[] = [];
  for (const [i, row] of filled) {
    const item: Record<string, unknown> = {};
    for (const [k, schema] of Object.entries(columns)) {
      const text = row[k] ?? '';
      if (text === '') continue;
      const read = cellValue(schema, text);
      if ('error' in read) problems.push(`row ${i + 1}, ${k}: ${read.error}`);
      else item[k] = read.value;
    }
    rows.push(item);
  }
  if (problems.length) out.errors[dotted] = problems;
  else target[path.at(-1)!] = rows;
}

/**
 * Problems of the profile service (`dotted.path: message`) by form field: each goes to the deepest
 * field its path starts with, or to the whole form ('').
 */
export function problemsByField(schema: JsonSchema, problems: string[]): Record<string, string[]> {
  const fields = new Set<string>();
  const collect = (path: string[], s: JsonSchema) => {
    for (const [k, c] of Object.entries(unwrap(s).properties ?? {})) {
      const p = [...path, k];
      if (kindOf(c) === 'group') collect(p, c);
      fields.add(p.join('.'));
    }
  };
  collect([], schema);
  const out: Record<string, string[]> = {};
  for (const problem of problems) {
    const at = problem.indexOf(': ');
    const path = at > 0 ? problem.slice(0, at) : '';
    const message = at > 0 ? problem.slice(at + 2) : problem;
    const parts = path.split('.');
    let target = '';
    for (let n = parts.length; n > 0; n--) {
      const candidate = parts.slice(0, n).join('.');
      if (fields.has(candidate)) {
        target = candidate;
        break;
      }
    }
    (out[target] ??= []).push(target === path ? message : problem);
  }
  return out;
}
