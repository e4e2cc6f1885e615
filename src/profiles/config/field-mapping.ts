import { z } from 'zod';
import { language, magentoCode } from './ids.js';
import { requireUnique } from './unique.js';
import { transformValueMapSchema } from './value-map.js';

/**
 * Magento attribute ↔ PlentyONE field, with transforms applied in this order: fixed value
 * (ignores the source), value map, unit conversion, number format, default value (when the result is
 * empty). The same row shape serves both directions; the profile's direction says which side is read.
 */
export const weightUnits = ['mg', 'g', 'kg', 'lb', 'oz'] as const;
export const lengthUnits = ['mm', 'cm', 'm', 'in', 'ft'] as const;
const units = [...weightUnits, ...lengthUnits] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()], { error: () => 'expected a text, number or true/false' });

export const unitConversionSchema = z
  .strictObject({
    from: z.enum(units).describe('Unit of the source value.'),
    to: z.enum(units).describe('Unit the target expects.'),
  })
  .superRefine((u, ctx) => {
    const kind = (unit: string) => ((weightUnits as readonly string[]).includes(unit) ? 'weight' : 'length');
    if (kind(u.from) !== kind(u.to)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `cannot convert ${u.from} (${kind(u.from)}) to ${u.to} (${kind(u.to)}); pick units of the same kind` });
    }
  })
  .describe('Unit conversion, e.g. {"from": "kg", "to": "g"}.');

export const numberFormatSchema = z
  .strictObject({
    decimals: z.number().int().min(0).max(6).default(2).describe('Digits after the decimal separator.'),
    decimalSeparator: z.enum(['.', ',']).default('.').describe('Decimal separator of the written text.'),
    thousandsSeparator: z.enum(['', '.', ',', ' ']).default('').describe('Thousands separator ("" for none).'),
  })
  .superRefine((f, ctx) => {
    if (f.thousandsSeparator !== '' && f.thousandsSeparator === f.decimalSeparator) {
      ctx.addIssue({ code: 'custom', path: ['thousandsSeparator'], message: 'thousandsSeparator must differ from decimalSeparator' });
    }
  })
  .describe('How a number is written as text.');

export function fieldMappingRowSchema<F extends readonly [string, ...string[]]>(fields: F) {
  return z
    .strictObject({
      attribute: magentoCode('Magento attribute code').describe('Magento attribute code (e.g. "name", "manufacturer").'),
      // PlentyONE properties as targets are not built yet (the types' READMEs say so): a row names a field.
      field: z.enum(fields, { error: () => `field is one of ${fields.join(', ')}` })
        .describe(`PlentyONE field: ${fields.join(', ')}.`),
      language: language().optional().describe('Only for this language; absent: every language of the store mapping.'),
      defaultValue: scalar.optional().describe('Written when the mapped value is empty.'),
      fixedValue: scalar.optional().describe('Always written, ignoring the source value.'),
      valueMap: transformValueMapSchema.optional(),
      unit: unitConversionSchema.optional(),
      number: numberFormatSchema.optional(),
    })
    .superRefine((row, ctx) => {
      if (row.fixedValue !== undefined && (row.defaultValue !== undefined || row.valueMap !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['fixedValue'],
          message: 'fixedValue ignores the source value, so defaultValue and valueMap would never apply; remove one or the other',
        });
      }
    })
    .describe('One Magento attribute ↔ PlentyONE field, with optional transforms.');
}

/** A list of field mappings whose targets (field, per language) appear once. */
export function fieldMappingsSchema<F extends readonly [string, ...string[]]>(fields: F, what: string) {
  return z
    .array(fieldMappingRowSchema(fields), {
      error: (i) => (i.code === 'invalid_type'
        ? `${what} is a list of rows such as [{"attribute": "name", "field": "${fields[0]}"}]`
        : undefined),
    })
    .superRefine((rows, ctx) => {
      requireUnique(
        rows,
        (r) => `${r.field}${r.language ? ` (${r.language})` : ''}`,
        ctx,
        { field: 'attribute' },
        (target, first) => `${target} is already filled by row ${first}; a target takes one attribute`,
      );
    })
    .describe(what);
}

export type FieldMappingRow = z.infer<ReturnType<typeof fieldMappingRowSchema>>;
