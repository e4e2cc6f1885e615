/**
 * Value transforms of mapping rows, applied in the order configured. A value that cannot be converted
 * fails the record with a sentence naming the value and the transform, rather than writing something
 * the target would misread.
 */
import { convertUnit, formatNumber } from '../profiles/types/plenty_item_export/field-transform.js';
import { compileExpression } from './expression.js';
import { getPath } from './fields.js';
import type { Transform } from './schema.js';

export class MappingValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingValueError';
  }
}

export const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** A number from a number or a numeric text ("12.50", "12,5"); undefined otherwise. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const text = v.trim();
  const n = Number(/^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text);
  return Number.isFinite(n) ? n : undefined;
}

const show = (v: unknown) => JSON.stringify(v);

function number(v: unknown, what: string): number {
  const n = toNumber(v);
  if (n === undefined) throw new MappingValueError(`${show(v)} is not a number (${what})`);
  return n;
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'off', '']);

function convertType(v: unknown, type: 'string' | 'number' | 'integer' | 'boolean'): unknown {
  switch (type) {
    case 'string': return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'number': return number(v, 'type number');
    case 'integer': return Math.round(number(v, 'type integer'));
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      const text = String(v).trim().toLowerCase();
      if (TRUE.has(text)) return true;
      if (FALSE.has(text)) return false;
      throw new MappingValueError(`${show(v)} is not true or false (type boolean)`);
    }
  }
}

/** Magento stores UTC `YYYY-MM-DD HH:MM:SS`; ISO texts and milliseconds pass as they are. */
function millisOf(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const text = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) ? `${v.replace(' ', 'T')}Z` : v;
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms;
  }
  throw new MappingValueError(`${show(v)} is not a date (date format)`);
}

// JSONata's own date formatting (XPath pictures), so a date looks the same in a transform and an expression.
const formatDate = compileExpression('$fromMillis($ms, $picture, $tz)');

export interface TransformScope {
  source: unknown;
  target: Record<string, unknown>;
}

export async function applyTransform(value: unknown, t: Transform, scope: TransformScope): Promise<unknown> {
  if ('expression' in t) return compileExpression(t.expression).evaluate(value, { source: scope.source, target: scope.target });
  if (isEmpty(value)) return value;
  if ('type' in t) return convertType(value, t.type);
  if ('number' in t) return formatNumber(number(value, 'number format'), t.number);
  if ('unit' in t) return convertUnit(number(value, `unit ${t.unit.from} → ${t.unit.to}`), t.unit.from, t.unit.to);
  if ('date' in t) return formatDate.evaluate({}, { ms: millisOf(value), picture: t.date.format, tz: t.date.timezone });
  if ('currency' in t) {
    const rate = t.currency.rate ?? toNumber(getPath(scope.source, t.currency.rateSource!));
    if (rate === undefined || rate <= 0) {
      throw new MappingValueError(`the exchange rate in "${t.currency.rateSource}" is ${show(getPath(scope.source, t.currency.rateSource!))}, not a positive number`);
    }
    const factor = 10 ** t.currency.decimals;
    return Math.round(number(value, 'currency') * rate * factor) / factor;
  }
  if ('map' in t) {
    const key = typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (Object.hasOwn(t.map, key)) return t.map[key];
    return t.otherwise !== undefined ? t.otherwise : value;
  }
  return value;
}

export async function applyTransforms(value: unknown, list: readonly Transform[], scope: TransformScope): Promise<unknown> {
  let current = value;
  for (const t of list) current = await applyTransform(current, t, scope);
  return current;
}
