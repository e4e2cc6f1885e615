import { z } from 'zod';
import { canonicalDecimal, positiveId, statusId } from './ids.js';

/**
 * Maps keyed by a code of one system with a value of the other, e.g. {"checkmo": 4}. Each carries an
 * example in its type error, because the usual mistake is sending rows instead of an object.
 */
export function valueMapSchema<V extends z.ZodType>(
  what: string,
  example: string,
  value: V,
  key: z.ZodType<string> = z.string().min(1, 'map keys cannot be empty'),
) {
  return z
    .record(key, value, {
      error: (i) => (i.code === 'invalid_type' ? `${what} maps one code to another, e.g. ${example}` : undefined),
    })
    .describe(`${what}, e.g. ${example}.`);
}

/** Code → positive id, e.g. Magento payment method code → PlentyONE method-of-payment id. */
export function idMapSchema(what: string, example: string, valueName: string) {
  return valueMapSchema(what, example, positiveId(valueName));
}

/** Code → PlentyONE order status (decimal string). */
export function toStatusMapSchema(what: string, example: string) {
  return valueMapSchema(what, example, statusId());
}

/** Free value map used by field transforms: source value → target value. */
export const transformValueMapSchema = valueMapSchema(
  'valueMap',
  '{"Rot": "red", "Blau": "blue"}',
  z.union([z.string(), z.number()], { error: () => 'valueMap values are strings or numbers' }),
  z.string(),
);

/**
 * PlentyONE status id → value. Keys are decimal strings; "5.1" and "5.10" are the same status, so a map
 * holding both is reported rather than letting one silently win.
 */
export function fromStatusMapSchema<V extends z.ZodType>(what: string, example: string, value: V) {
  return valueMapSchema(
    what,
    example,
    value,
    z.string().regex(/^\d+(\.\d+)?$/, { error: (i) => `PlentyONE status ids are decimals such as "5.7", not ${JSON.stringify(i.input)}` }),
  ).superRefine((map, ctx) => {
    const seen = new Map<string, string>();
    for (const key of Object.keys(map)) {
      const canonical = canonicalDecimal(key);
      const other = seen.get(canonical);
      if (other !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `status "${key}" is the same status as "${other}"; keep one of them` });
      } else seen.set(canonical, key);
    }
  });
}
