import { z } from 'zod';

/**
 * Identifier schemas of both systems, each with the message a merchant needs when a value is wrong.
 * Ids are validated for shape only: whether a status or warehouse exists in the connected system is
 * checked when a run starts, because the schema is parsed without network access.
 */

const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * PlentyONE order status and referrer ids are decimals ("5.7", "4.01") and may arrive as JSON numbers or
 * strings. They are kept as strings so no float rounding ever turns 5.10 into something else; compare
 * them with `sameDecimal` (5.1 and 5.10 are the same status).
 */
export function decimalId(what: string, example: string) {
  return z.coerce
    .string()
    .regex(DECIMAL, {
      error: (issue) => `${what}s are decimals such as "${example}", not ${JSON.stringify(issue.input)}`,
    })
    .describe(`PlentyONE ${what} (a decimal such as "${example}"; a JSON number is accepted too).`);
}

export const statusId = () => decimalId('order status id', '5.7');
export const referrerId = () => decimalId('referrer id', '4.01');

/** Canonical text of a decimal id: "05.10" → "5.1", so equal statuses compare equal. */
export function canonicalDecimal(value: string): string {
  const [whole = '0', fraction = ''] = value.split('.');
  const w = whole.replace(/^0+(?=\d)/, '');
  const f = fraction.replace(/0+$/, '');
  return f === '' ? w : `${w}.${f}`;
}

export function sameDecimal(a: string, b: string): boolean {
  return canonicalDecimal(a) === canonicalDecimal(b);
}

/** A positive whole-number id (warehouse, payment method, shipping profile, sales price, property …). */
export function positiveId(what: string) {
  return z
    .number({ error: (issue) => `${what} must be a whole number, not ${JSON.stringify(issue.input)}` })
    .int(`${what} must be a whole number`)
    .positive(`${what} must be 1 or greater`)
    .describe(what);
}

/** Whole-number ids where 0 is a real value (PlentyONE VAT ids count from 0). */
export function nonNegativeId(what: string) {
  return z
    .number({ error: (issue) => `${what} must be a whole number, not ${JSON.stringify(issue.input)}` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be 0 or greater`)
    .describe(what);
}

/** The PlentyONE client (webstore) id an order, text or price belongs to. */
export const plentyId = () => positiveId('PlentyONE client id (plentyId)');

/** PlentyONE warehouse type ids (`typeId` of /rest/stockmanagement/warehouses). */
export const warehouseTypes = { sales: 0, repair: 1, storage: 4, transit: 5, distribution: 6, other: 7 } as const;
export const warehouseTypeId = () =>
  z
    .literal(Object.values(warehouseTypes), {
      error: () => `warehouse types are ${Object.entries(warehouseTypes).map(([n, id]) => `${id} (${n})`).join(', ')}`,
    })
    .describe('PlentyONE warehouse type: 0 sales, 1 repair, 4 storage, 5 transit, 6 distribution, 7 other.');

/** Two-letter language code as PlentyONE uses it for texts (de, en, fr …). */
export const language = () =>
  z
    .string()
    .regex(/^[a-z]{2}$/, { error: (i) => `languages are two lower-case letters such as "de" or "en", not ${JSON.stringify(i.input)}` })
    .describe('Two-letter language code of the PlentyONE texts (de, en, fr …).');

/** Magento store view code: letters, digits and underscores, starting with a letter. */
export const storeViewCode = () =>
  z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/i, {
      error: (i) => `store view codes start with a letter and contain only letters, digits and _ (got ${JSON.stringify(i.input)})`,
    })
    .describe('Magento store view code (e.g. "default", "de_de").');

/** Magento MSI source code (`default` on single-source shops). */
export const sourceCode = () =>
  z
    .string()
    .regex(/^\S+$/, { error: (i) => `MSI source codes contain no spaces (got ${JSON.stringify(i.input)})` })
    .max(255)
    .describe('Magento MSI source code (e.g. "default", "eu_warehouse").');

/** A Magento code: attribute code, payment method code, carrier_method, order status code. */
export function magentoCode(what: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, {
      error: (i) => `${what} is a Magento code of letters, digits, _ . or - (got ${JSON.stringify(i.input)})`,
    })
    .describe(what);
}

/** Name of a stored credential (see `plentygate credential:*`). */
export const credentialName = () =>
  z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/, { error: (i) => `credential names use letters, digits, _ . : or - (got ${JSON.stringify(i.input)})` })
    .describe('Name of a stored credential.');

/** Local wall-clock time "HH:MM". */
export const clockTime = () =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: (i) => `times are "HH:MM" (00:00–23:59), not ${JSON.stringify(i.input)}` })
    .describe('Local time "HH:MM".');
