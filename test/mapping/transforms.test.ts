import { describe, expect, it } from 'vitest';
import { applyTransform, applyTransforms } from '../../src/mapping/transforms.js';
import { transformSchema, type Transform } from '../../src/mapping/schema.js';

const scope = { source: { rate: '1.1', bad: 'x' }, target: {} };
const t = (raw: unknown) => transformSchema.parse(raw) as Transform;
const run = (value: unknown, raw: unknown) => applyTransform(value, t(raw), scope);

describe('mapping transforms', () => {
  it('converts types, refusing what is not convertible with the value named', async () => {
    expect(await run(12, { type: 'string' })).toBe('12');
    expect(await run('12,5', { type: 'number' })).toBe(12.5);
    expect(await run('12.6', { type: 'integer' })).toBe(13);
    expect(await run('yes', { type: 'boolean' })).toBe(true);
    expect(await run('0', { type: 'boolean' })).toBe(false);
    await expect(run('abc', { type: 'number' })).rejects.toThrow('"abc" is not a number (type number)');
    await expect(run('perhaps', { type: 'boolean' })).rejects.toThrow('"perhaps" is not true or false');
  });

  it('formats numbers with separators and decimals', async () => {
    expect(await run('1234567.891', { number: { decimals: 2, decimalSeparator: ',', thousandsSeparator: '.' } })).toBe('1.234.567,89');
    expect(await run(-3, { number: { decimals: 0 } })).toBe('-3');
  });

  it('converts units of the same kind', async () => {
    expect(await run('1.5', { unit: { from: 'kg', to: 'g' } })).toBe(1500);
    expect(await run(1, { unit: { from: 'in', to: 'mm' } })).toBe(25.4);
    expect(() => t({ unit: { from: 'kg', to: 'mm' } })).toThrow('cannot convert kg (weight) to mm (length)');
  });

  it('formats dates from Magento times, ISO texts and milliseconds, in a time zone', async () => {
    expect(await run('2026-03-01 23:30:00', { date: { format: '[D01].[M01].[Y0001]' } })).toBe('01.03.2026');
    expect(await run('2026-03-01 23:30:00', { date: { format: '[D01].[M01].[Y0001] [H01]:[m01]', timezone: '+0100' } })).toBe('02.03.2026 00:30');
    expect(await run(Date.UTC(2026, 0, 2), { date: { format: '[Y0001]-[M01]-[D01]' } })).toBe('2026-01-02');
    await expect(run('soon', { date: { format: '[Y]' } })).rejects.toThrow('"soon" is not a date');
  });

  it('converts currency with a configured rate or one read from the record, rounded', async () => {
    expect(await run('10', { currency: { rate: 1.0825 } })).toBe(10.83);
    expect(await run(10, { currency: { rateSource: 'rate', decimals: 1 } })).toBe(11);
    await expect(run(10, { currency: { rateSource: 'bad' } })).rejects.toThrow('the exchange rate in "bad" is "x", not a positive number');
    expect(() => t({ currency: {} })).toThrow(/give the exchange rate as /);
  });

  it('maps values, with a fallback or passing unknown values through', async () => {
    expect(await run('Rot', { map: { Rot: 'red' } })).toBe('red');
    expect(await run('Grün', { map: { Rot: 'red' } })).toBe('Grün');
    expect(await run('Grün', { map: { Rot: 'red' }, otherwise: 'other' })).toBe('other');
    expect(await run(1, { map: { 1: 'one' } })).toBe('one');
  });

  it('applies an expression to the value, with the record at hand', async () => {
    expect(await run(10, { expression: '$ * $number($source.rate)' })).toBeCloseTo(11);
    expect(await applyTransforms(' abc ', [t({ expression: '$trim($)' }), t({ expression: '$uppercase($)' })], scope)).toBe('ABC');
  });

  it('leaves empty values to the default (no transform of nothing)', async () => {
    expect(await run('', { type: 'number' })).toBe('');
    expect(await run(undefined, { map: { a: 'b' }, otherwise: 'x' })).toBeUndefined();
  });
});
