/**
 * The `mapping` section of every profile's config: field mappings, named alternative mappings, filters
 * and IF-THEN rules, with JSONata expressions wherever a value or a condition is taken. The shape is the
 * same for every profile type; which fields exist is each type's (see fields.ts), checked by
 * `mappingProblems` when a config is saved or imported.
 */
import { z } from 'zod';
import { language } from '../profiles/config/ids.js';
import { numberFormatSchema, unitConversionSchema } from '../profiles/config/field-mapping.js';
import { transformValueMapSchema } from '../profiles/config/value-map.js';
import { expressionProblem } from './expression.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

export const pathSchema = z
  .string()
  .regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, {
    error: (i) => `a field path is names joined by dots, such as "billing_address.country_id", not ${JSON.stringify(i.input)}`,
  })
  .refine((p) => p.split('.').every((k) => !FORBIDDEN_KEYS.has(k)), { error: 'this path names a reserved key' })
  .describe('Dotted field path, e.g. "billing_address.country_id"; a number picks a list entry ("items.0.sku").');

export const expressionSchema = z
  .string()
  .min(1, 'an expression cannot be empty')
  .superRefine((text, ctx) => {
    const problem = expressionProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('JSONata expression (https://docs.jsonata.org), evaluated against the source record.');

const json: z.ZodType<unknown> = z.unknown();
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: () => 'expected a text, number or true/false' });

/** Where a value comes from: a source field, an expression, or a fixed value. */
const valueKeys = ['source', 'expression', 'value'] as const;
function oneValue(row: { source?: unknown; expression?: unknown; value?: unknown }, ctx: z.RefinementCtx) {
  const given = valueKeys.filter((k) => row[k] !== undefined);
  if (given.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: [given[1] ?? 'source'],
      message: given.length === 0
        ? 'say where the value comes from: "source" (a field), "expression" (JSONata) or "value" (fixed)'
        : `give one of ${given.join(' and ')}, not both`,
    });
  }
}

export const transformSchema = z.union([
  z.strictObject({ type: z.enum(['string', 'number', 'integer', 'boolean']).describe('Converts the value to this type (integer rounds).') }),
  z.strictObject({ number: numberFormatSchema }).describe('Writes a number as text with these separators and decimals.'),
  z.strictObject({ unit: unitConversionSchema }),
  z.strictObject({
    date: z.strictObject({
      format: z.string().min(1).describe('XPath picture, e.g. "[Y0001]-[M01]-[D01]" or "[D01].[M01].[Y0001] [H01]:[m01]".'),
      timezone: z.string().regex(/^[+-]\d{4}$/, { error: 'timezone is an offset such as "+0100"' }).optional().describe('Offset such as "+0100" (default UTC).'),
    }),
  }).describe('Formats a date (ISO text, Magento "YYYY-MM-DD HH:MM:SS" in UTC, or milliseconds).'),
  z.strictObject({
    currency: z.strictObject({
      rate: z.number().positive().optional().describe('Units of the target currency per unit of the source currency.'),
      rateSource: pathSchema.optional().describe('Source field holding the rate, e.g. "base_to_order_rate" of a Magento order.'),
      decimals: z.number().int().min(0).max(6).default(2).describe('Decimals the converted amount is rounded to.'),
    }).superRefine((c, ctx) => {
      if ((c.rate === undefined) === (c.rateSource === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['rate'], message: 'give the exchange rate as "rate" (a number) or "rateSource" (a source field), one of them' });
      }
    }),
  }).describe('Converts an amount with an exchange rate and rounds it.'),
  z.strictObject({
    map: transformValueMapSchema,
    otherwise: scalar.optional().describe('Written when the value is not in the map (absent: the value passes unchanged).'),
  }),
  z.strictObject({ expression: expressionSchema.describe('JSONata applied to the value ($ is the value; $source and $target the record).') }),
], { error: () => 'a transform is one of {"type"}, {"number"}, {"unit"}, {"date"}, {"currency"}, {"map"} or {"expression"}' });
export type Transform = z.infer<typeof transformSchema>;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { expression: string }
  | {
    source?: string; target?: string;
    equals?: unknown; in?: unknown[]; range?: { min?: number; max?: number }; exists?: boolean; matches?: string;
  };

const tests = ['equals', 'in', 'range', 'exists', 'matches'] as const;
const combinators = ['all', 'any', 'not', 'expression'] as const;

/** One condition object: exactly one of all/any/not/expression, or a field (source or target) with one test. */
function checkForm(c: Record<string, unknown>, ctx: z.RefinementCtx) {
  const forms = combinators.filter((k) => c[k] !== undefined);
  const field = c.source !== undefined || c.target !== undefined;
  const given = tests.filter((t) => c[t] !== undefined);
  if (forms.length + (field || given.length ? 1 : 0) !== 1) {
    ctx.addIssue({ code: 'custom', path: [], message: 'a condition is one of {"source"|"target": …, "equals"|"in"|"range"|"exists"|"matches": …}, {"expression": …}, {"all": […]}, {"any": […]} or {"not": …}' });
    return;
  }
  if (forms.length) return;
  if (c.source !== undefined && c.target !== undefined || !field) {
    ctx.addIssue({ code: 'custom', path: ['source'], message: 'a condition tests one field: give "source" or "target"' });
  }
  if (given.length !== 1) {
    ctx.addIssue({ code: 'custom', path: [given[1] ?? 'equals'], message: `a condition has one test of ${tests.join(', ')}${given.length ? `, not ${given.join(' and ')}` : ''}` });
  }
}

const leafShape = {
  source: pathSchema.optional().describe('Tests this source field.'),
  target: pathSchema.optional().describe('Tests this target field (as the profile built it, before mapping).'),
  equals: json.optional().describe('True when the field equals this value (texts and numbers compare as text: 1 equals "1").'),
  in: z.array(json).optional().describe('True when the field equals one of these values.'),
  range: z.strictObject({ min: z.number().optional(), max: z.number().optional() })
    .describe('True when the field is a number within min and max (both included).').optional(),
  exists: z.boolean().optional().describe('true: the field has a value (not absent, null or ""); false: it has none.'),
  matches: z.string().optional().superRefine((pattern, ctx) => {
    if (pattern === undefined) return;
    try {
      new RegExp(pattern);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(error as Error).message}` });
    }
  }).describe('True when the field, as text, matches this regular expression.'),
  expression: expressionSchema.optional().describe('JSONata; true when it yields a truthy value.'),
};

// One object with every form's keys (so a problem is reported at its key), recursive through getters.
export const conditionSchema: z.ZodType<Condition> = z.strictObject({
  get all(): z.ZodOptional<z.ZodType<Condition[]>> { return z.array(conditionSchema).min(1).optional().describe('True when every condition is.'); },
  get any(): z.ZodOptional<z.ZodType<Condition[]>> { return z.array(conditionSchema).min(1).optional().describe('True when one condition is.'); },
  get not(): z.ZodOptional<z.ZodType<Condition>> { return conditionSchema.optional().describe('True when the condition is not.'); },
  ...leafShape,
}).superRefine(checkForm).describe('A condition on the record.') as unknown as z.ZodType<Condition>;

/**
 * The schemas that take a condition, built around a condition schema: the recursive one parses configs;
 * a shallow one (nested conditions as plain objects) gives the JSON Schema, which has no cycles that way.
 */
function mappingSchemas(condition: z.ZodType<Condition>) {
  const fieldRowSchema = z.strictObject({
    target: pathSchema.describe('Target field the value is written to (see the type\'s target fields).'),
    language: language().optional().describe('Per-language fields only: just this language (absent: every language).'),
    source: pathSchema.optional().describe('Source field the value is read from.'),
    expression: expressionSchema.optional(),
    value: json.optional().describe('Fixed value (ignores the source).'),
    default: json.optional().describe('Written when the value (after transforms) is empty.'),
    transforms: z.array(transformSchema).default([]).describe('Applied in order to a value that is not empty.'),
    when: condition.optional().describe('Only when this condition holds.'),
  }).superRefine(oneValue).describe('One target field, filled from a source field, an expression or a fixed value.');

  const actionSchema = z.union([
    z.strictObject({ skip: z.string().min(1).describe('Skip the record; this sentence is the reason in the run history.') }),
    z.strictObject({ fail: z.string().min(1).describe('Fail the record with this message.') }),
    z.strictObject({ set: fieldRowSchema.describe('Set or override a field (applied after the field mappings).') }),
    z.strictObject({ useMapping: z.string().min(1).describe('Apply this named mapping (of "mappings") after "fields".') }),
  ], { error: () => 'an action is {"skip": reason}, {"fail": message}, {"set": {…field row…}} or {"useMapping": name}' });

  const ruleSchema = z.strictObject({
    name: z.string().optional().describe('Shown in messages about this rule.'),
    if: condition,
    then: z.array(actionSchema).min(1).describe('Actions when the condition holds.'),
    else: z.array(actionSchema).default([]).describe('Actions when it does not.'),
  }).describe('IF-THEN rule.');

  const filterSchema = z.strictObject({
    keep: condition.describe('Records for which this does not hold are skipped.'),
    reason: z.string().min(1).optional().describe('The skip reason in the run history (default: which filter).'),
  });

  const mappingConfigSchema = z.strictObject({
    fields: z.array(fieldRowSchema).default([]).describe('Field mappings applied to every record.'),
    mappings: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'mapping names are letters, digits, "_" and "-"' }), z.array(fieldRowSchema))
      .default({}).describe('Named sets of field mappings a rule chooses with {"useMapping": name}.'),
    filters: z.array(filterSchema).default([]).describe('A record is mapped only when every filter keeps it.'),
    rules: z.array(ruleSchema).default([]).describe('IF-THEN rules, in order.'),
  }).describe('Mapping applied to each record after the profile built it: filters, rules, field mappings (see README, "Mapping").');
  return { fieldRowSchema, actionSchema, ruleSchema, mappingConfigSchema };
}

const schemas = mappingSchemas(conditionSchema);
export const { fieldRowSchema, actionSchema, ruleSchema, mappingConfigSchema } = schemas;
export type FieldRow = z.infer<typeof fieldRowSchema>;
export type Action = z.infer<typeof actionSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type MappingConfig = z.infer<typeof mappingConfigSchema>;

const nested = z.record(z.string(), z.unknown()).describe('A condition (the same shape).');
const shallowCondition = z.strictObject({
  all: z.array(nested).min(1).optional().describe('True when every condition is.'),
  any: z.array(nested).min(1).optional().describe('True when one condition is.'),
  not: nested.optional().describe('True when the condition is not.'),
  ...leafShape,
}).describe('A condition on the record: one of all, any, not, expression, or source/target with one test.') as unknown as z.ZodType<Condition>;
/** The mapping's JSON Schema (nested conditions of all/any/not are described one level deep). */
export const mappingDocumentSchema = mappingSchemas(shallowCondition).mappingConfigSchema;

/** True when a mapping does nothing (the runner skips the mapping step). */
export function isEmptyMapping(m: MappingConfig | undefined): boolean {
  return !m || (m.fields.length === 0 && m.filters.length === 0 && m.rules.length === 0);
}
