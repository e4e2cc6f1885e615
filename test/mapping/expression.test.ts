import { describe, expect, it } from 'vitest';
import { compileExpression, EXPRESSION_LIMITS, expressionProblem } from '../../src/mapping/expression.js';

const evaluate = (text: string, input: unknown = {}) => compileExpression(text).evaluate(input);

describe('mapping expressions (JSONata, bounded)', () => {
  it('evaluates against the record with the bindings given', async () => {
    expect(await evaluate('grand_total * 2', { grand_total: 21 })).toBe(42);
    expect(await compileExpression('$target.x & "-" & a').evaluate({ a: 'b' }, { target: { x: 'y' } })).toBe('y-b');
    expect(await evaluate('items[qty > 1].sku', { items: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }, { sku: 'C', qty: 3 }] })).toEqual(['A', 'C']);
  });

  it('names a syntax error and where it is', () => {
    expect(expressionProblem('a +')).toMatch(/^invalid JSONata: .*at character 3/);
    expect(expressionProblem('$uppercase(name)')).toBeUndefined();
  });

  it('stops an expression that does not end', async () => {
    await expect(evaluate('($f := function($n){ $f($n + 1) }; $f(0))')).rejects.toThrow(`ran longer than ${EXPRESSION_LIMITS.timeoutMs} ms`);
  });

  it('stops an expression that builds something too large', async () => {
    await expect(evaluate('$pad("", 200000, "x")')).rejects.toThrow('built a text longer than');
    await expect(evaluate('[1..1000000]')).rejects.toThrow('longer than 100000 entries');
  });

  it('offers no $eval (it would compile an expression without the bounds)', async () => {
    await expect(evaluate('$eval("1 + 1")')).rejects.toThrow('$eval is not available');
  });

  it('refuses a regular expression on a very long text', async () => {
    await expect(evaluate('$match(t, /a/)', { t: 'a'.repeat(20_000) })).rejects.toThrow('longer than 10000 characters');
  });
});
