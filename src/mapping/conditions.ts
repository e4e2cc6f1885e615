/** Evaluates mapping conditions (filters, rule conditions, a row's `when`) against one record. */
import { compileExpression } from './expression.js';
import { getPath } from './fields.js';
import type { Condition } from './schema.js';
import { isEmpty, toNumber } from './transforms.js';

export interface ConditionScope {
  source: unknown;
  target: Record<string, unknown>;
}

/** Texts and numbers compare by their text (Magento sends most numbers as texts): 1 equals "1". */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  return String(a) === String(b);
}

/** JSONata's notion of truthy: false, 0, "", null, absent and empty lists are false. */
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(truthy);
  return Boolean(v);
}

export async function holds(c: Condition, scope: ConditionScope): Promise<boolean> {
  if ('all' in c) {
    for (const x of c.all) if (!(await holds(x, scope))) return false;
    return true;
  }
  if ('any' in c) {
    for (const x of c.any) if (await holds(x, scope)) return true;
    return false;
  }
  if ('not' in c) return !(await holds(c.not, scope));
  if ('expression' in c) return truthy(await compileExpression(c.expression).evaluate(scope.source, { source: scope.source, target: scope.target }));
  const value = c.source !== undefined ? getPath(scope.source, c.source) : getPath(scope.target, c.target!);
  if (c.exists !== undefined) return c.exists === !isEmpty(value);
  if (c.equals !== undefined) return sameValue(value, c.equals);
  if (c.in !== undefined) return c.in.some((x) => sameValue(value, x));
  if (c.range !== undefined) {
    const n = toNumber(value);
    if (n === undefined) return false;
    return (c.range.min === undefined || n >= c.range.min) && (c.range.max === undefined || n <= c.range.max);
  }
  if (c.matches !== undefined) {
    if (isEmpty(value) || typeof value === 'object') return false;
    return new RegExp(c.matches).test(String(value).slice(0, 10_000));
  }
  return false;
}

/** A short description of a condition for skip reasons: `source.country_id in ["CH","NO"]`. */
export function describeCondition(c: Condition): string {
  if ('all' in c) return c.all.map(describeCondition).join(' and ');
  if ('any' in c) return `(${c.any.map(describeCondition).join(' or ')})`;
  if ('not' in c) return `not ${describeCondition(c.not)}`;
  if ('expression' in c) return c.expression;
  const field = c.source !== undefined ? `source ${c.source}` : `target ${c.target}`;
  if (c.exists !== undefined) return `${field} ${c.exists ? 'exists' : 'is empty'}`;
  if (c.equals !== undefined) return `${field} = ${JSON.stringify(c.equals)}`;
  if (c.in !== undefined) return `${field} in ${JSON.stringify(c.in)}`;
  if (c.range !== undefined) return `${field} within ${c.range.min ?? '…'}–${c.range.max ?? '…'}`;
  return `${field} matches /${c.matches}/`;
}
