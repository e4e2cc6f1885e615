import { html } from 'hono/html';
import { configJsonSchema } from '../../profiles/config-json-schema.js';
import type { AnyProfileType } from '../../profiles/profile-type.js';
import type { Html } from './layout.js';
import { listsForField, PICK_LISTS, type PickList } from '../pick-lists.js';

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

type Kind = 'group' | 'boolean' | 'enum' | 'text' | 'number' | 'list' | 'json';

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
  }
  return 'json';
}

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
  const lists = listsForField(kind === 'json' || kind === 'list' ? `${key} ${JSON.stringify(s)}` : `${key} ${s.description ?? ''}`).filter((l) => available.has(l));
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
    default:
      input = html`<textarea id="${id}" name="${name}" rows="${value && typeof value === 'object' && Object.keys(value).length ? 5 : 2}" placeholder="JSON">${
        text ?? (value === undefined ? '' : JSON.stringify(value, null, 2))}</textarea>`;
  }
  const range = s.minimum !== undefined || s.maximum !== undefined ? ` (${s.minimum ?? '…'}–${s.maximum ?? '…'})` : '';
  return html`<div class="field${errors.length ? ' invalid' : ''}" data-field="${key}"><label for="${id}">${label(path.at(-1)!)} <code>${key}</code></label><div>${input}</div>
${s.description || range ? html`<div class="help">${s.description ?? ''}${range}${kind === 'json' ? ' As JSON.' : ''}</div>` : ''}
${lists.length ? html`<div class="help" data-pick="${lists.join(' ')}">Values in the connected systems: ${lists.map((l, i) => html`${i ? ', ' : ''}<a href="#pl-${l}-ref">${PICK_LISTS[l].label}</a>`)}</div>` : ''}
${errors.map((e) => html`<div class="error" role="alert">${e}</div>`)}</div>`;
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
