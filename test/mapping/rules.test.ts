import { describe, expect, it } from 'vitest';
import { applyMapping } from '../../src/mapping/apply.js';
import { mappingProblems } from '../../src/mapping/check.js';
import { holds } from '../../src/mapping/conditions.js';
import { describeConfigError } from '../../src/profiles/config/errors.js';
import type { MappingAdapter } from '../../src/mapping/fields.js';
import { conditionSchema, mappingConfigSchema } from '../../src/mapping/schema.js';

/** A small profile type's view: an order with a country and a total, mapped to a target with texts per language. */
interface Rec { kind: 'order'; referrerId: string; note?: string; texts: Record<string, Record<string, unknown>> }
const adapter: MappingAdapter<Record<string, unknown>, Rec> = {
  sourceFields: [
    { name: 'country', type: 'string', description: '' },
    { name: 'total', type: 'number', description: '' },
    { name: 'sku', type: 'string', description: '' },
    { name: 'attributes.*', type: 'any', description: '' },
  ],
  targetFields: [
    { name: 'referrerId', type: 'string', description: '' },
    { name: 'note', type: 'string', description: '' },
    { name: 'name', type: 'string', description: '', perLanguage: true },
  ],
  subjects: (raw, record) => [{
    source: raw, target: record as unknown as Record<string, unknown>,
    languages: Object.entries(record.texts).map(([language, target]) => ({ language, source: { ...raw, attributes: (raw.views as Record<string, unknown>)[language] }, target })),
  }],
};
const record = (): Rec => ({ kind: 'order', referrerId: '1', texts: { de: {}, en: {} } });
const raw = { country: 'DE', total: '120.50', sku: 'B2B-7', views: { de: { title: 'Tisch' }, en: { title: 'Table' } } };
const map = (config: unknown, r: Record<string, unknown> = raw) => applyMapping(mappingConfigSchema.parse(config), adapter, r, record(), undefined);
const cond = (c: unknown, source: unknown = raw, target: Record<string, unknown> = { referrerId: '1' }) => holds(conditionSchema.parse(c), { source, target });

describe('mapping conditions', () => {
  it('equals, in, range, exists and matches test a source or target field', async () => {
    expect(await cond({ source: 'country', equals: 'DE' })).toBe(true);
    expect(await cond({ source: 'total', equals: 120.5 })).toBe(true);
    expect(await cond({ target: 'referrerId', equals: 1 })).toBe(true);
    expect(await cond({ source: 'country', in: ['AT', 'CH'] })).toBe(false);
    expect(await cond({ source: 'total', range: { min: 100, max: 200 } })).toBe(true);
    expect(await cond({ source: 'total', range: { max: 100 } })).toBe(false);
    expect(await cond({ source: 'country', range: { min: 0 } })).toBe(false);
    expect(await cond({ source: 'missing', exists: false })).toBe(true);
    expect(await cond({ source: 'country', exists: true })).toBe(true);
    expect(await cond({ source: 'sku', matches: '^B2B-' })).toBe(true);
  });

  it('combines with all, any and not, and takes JSONata', async () => {
    expect(await cond({ all: [{ source: 'country', equals: 'DE' }, { not: { source: 'sku', matches: '^X' } }] })).toBe(true);
    expect(await cond({ any: [{ source: 'country', equals: 'FR' }, { expression: '$number(total) > 100' }] })).toBe(true);
    expect(await cond({ expression: '$target.referrerId = "2"' })).toBe(false);
  });

  it('refuses a condition with two tests or no field', () => {
    const lines = (c: unknown) => describeConfigError(conditionSchema.safeParse(c).error!).join('\n');
    expect(lines({ source: 'a', equals: 1, in: [1] })).toContain('a condition has one test of equals, in, range, exists, matches, not equals and in');
    expect(lines({ equals: 1 })).toContain('a condition tests one field: give "source" or "target"');
  });
});

describe('mapping rules and field mappings', () => {
  it('fills fields from a source, an expression, a fixed value or a default, per language', async () => {
    const result = await map({
      fields: [
        { target: 'referrerId', value: '4.01' },
        { target: 'note', expression: '"Order from " & country & " worth " & $string(total)' },
        { target: 'name', source: 'attributes.title' },
        { target: 'name', language: 'en', source: 'attributes.missing', default: 'Unnamed' },
      ],
    });
    expect(result.kind).toBe('mapped');
    const rec = (result as { record: Rec }).record;
    expect(rec.referrerId).toBe('4.01');
    expect(rec.note).toBe('Order from DE worth 120.50');
    expect(rec.texts).toEqual({ de: { name: 'Tisch' }, en: { name: 'Unnamed' } });
  });

  it('leaves a field as the profile built it when the value is empty and there is no default', async () => {
    const result = await map({ fields: [{ target: 'referrerId', source: 'nothing' }] });
    expect(result).toMatchObject({ kind: 'mapped', record: { referrerId: '1' }, changes: [] });
  });

  it('skips records a filter does not keep, with its reason', async () => {
    expect(await map({ filters: [{ keep: { source: 'country', in: ['AT'] }, reason: 'Only Austrian orders.' }] })).toEqual({ kind: 'skip', reason: 'Only Austrian orders.' });
    expect(await map({ filters: [{ keep: { source: 'country', in: ['AT'] } }] })).toMatchObject({ kind: 'skip', reason: expect.stringContaining('mapping filter 1 (keeps records where source country in ["AT"])') });
  });

  it('IF-THEN: skip, fail, set (overriding the mappings) and choose a mapping, else branch', async () => {
    expect(await map({ rules: [{ if: { source: 'sku', matches: '^B2B' }, then: [{ skip: 'B2B orders go through the EDI.' }] }] }))
      .toEqual({ kind: 'skip', reason: 'B2B orders go through the EDI.' });
    expect(await map({ rules: [{ if: { source: 'total', range: { min: 100 } }, then: [{ fail: 'Check large orders by hand.' }] }] }))
      .toEqual({ kind: 'fail', reason: 'Check large orders by hand.' });
    const set = await map({
      fields: [{ target: 'referrerId', value: '2' }],
      rules: [{ if: { source: 'country', equals: 'DE' }, then: [{ set: { target: 'referrerId', value: '9' } }] }],
    });
    expect((set as { record: Rec }).record.referrerId).toBe('9');
    const chosen = await map({
      mappings: { b2b: [{ target: 'note', value: 'business' }], b2c: [{ target: 'note', value: 'consumer' }] },
      rules: [{ if: { source: 'sku', matches: '^B2B' }, then: [{ useMapping: 'b2b' }], else: [{ useMapping: 'b2c' }] }],
    });
    expect((chosen as { record: Rec }).record.note).toBe('business');
    const other = await map({
      mappings: { b2b: [{ target: 'note', value: 'business' }], b2c: [{ target: 'note', value: 'consumer' }] },
      rules: [{ if: { source: 'sku', matches: '^B2B' }, then: [{ useMapping: 'b2b' }], else: [{ useMapping: 'b2c' }] }],
    }, { ...raw, sku: 'X-1' });
    expect((other as { record: Rec }).record.note).toBe('consumer');
  });

  it('a row with a condition applies only when it holds', async () => {
    const result = await map({ fields: [{ target: 'note', value: 'export', when: { source: 'country', equals: 'CH' } }] });
    expect((result as { record: Rec }).record.note).toBeUndefined();
  });

  it('fails the record (not the run) when a value cannot be mapped, naming the row', async () => {
    const result = await map({ fields: [{ target: 'note', source: 'country', transforms: [{ type: 'number' }] }] });
    expect(result).toEqual({ kind: 'fail', error: true, reason: 'Mapping fields.0 (note): "DE" is not a number (type number)' });
    const failing = await map({ rules: [{ if: { expression: '$error("no")' }, then: [{ skip: 'x' }] }] });
    expect(failing).toMatchObject({ kind: 'fail', error: true, reason: expect.stringContaining('no') });
  });
});

describe('mapping config checks', () => {
  const problems = (config: unknown) => mappingProblems(mappingConfigSchema.parse(config), adapter, 'test_type');
  it('names unknown source and target fields, misplaced languages and missing named mappings', () => {
    expect(problems({
      fields: [{ target: 'referer', source: 'country' }, { target: 'note', source: 'contry' }, { target: 'note', language: 'de', value: 1 }],
      rules: [{ if: { target: 'nope', exists: true }, then: [{ useMapping: 'b2b' }] }],
    })).toEqual([
      expect.stringMatching(/^mapping\.fields\.0\.target: unknown target field "referer"; the target fields are: referrerId, note, name$/),
      expect.stringMatching(/^mapping\.fields\.1\.source: unknown source field "contry"/),
      'mapping.fields.2.language: "note" has one value for all languages; remove "language"',
      expect.stringMatching(/^mapping\.rules\.0\.if\.target: unknown target field "nope"/),
      'mapping.rules.0.then.0.useMapping: there is no mapping "b2b" under mapping.mappings',
    ]);
    expect(problems({ fields: [{ target: 'name', language: 'de', source: 'attributes.color' }] })).toEqual([]);
  });

  it('refuses a broken expression when the config is parsed', () => {
    const parsed = mappingConfigSchema.safeParse({ fields: [{ target: 'note', expression: 'country &' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['fields', 0, 'expression'], message: expect.stringContaining('invalid JSONata') });
  });

  it('a type without declared fields accepts only an empty mapping', () => {
    expect(mappingProblems(mappingConfigSchema.parse({ fields: [{ target: 'x', value: 1 }] }), undefined, 'plenty_item_import'))
      .toEqual(['mapping: the profile type plenty_item_import declares no fields to map in this version, so its mapping must stay empty']);
  });
});
