/**
 * Building blocks for PlentyONE answers. The system is loose about types: ids and decimals arrive as
 * numbers or numeric strings (`page: "1"`, `statusId: "5.1"`), many fields are null, and answers carry
 * far more fields than plentygate reads. Every object schema is loose (unknown fields kept), and the
 * numeric helpers accept both spellings.
 */
import { z } from 'zod';
import { canonicalAs, isBoolean, isFiniteNumber, isSafeInteger, isString } from '../../canonical.js';

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A number, or a numeric string turned into one. */
export const num = canonicalAs(z.union([z.number(), z.string().trim().regex(NUMERIC, 'expected a number').transform(Number)]), isFiniteNumber);
/** An integer, or an integer string. */
export const int = canonicalAs(num.pipe(z.number().int()), isSafeInteger);
/** Missing, null or a number. */
export const optNum = num.nullish();
export const optInt = int.nullish();
/** Strings that are sometimes sent as numbers (codes, external ids). */
export const str = canonicalAs(z.union([z.string(), z.number().transform(String)]), isString);
export const optStr = str.nullish();
/** 0/1, "0"/"1" or a boolean. */
export const bool = canonicalAs(z.union([z.boolean(), z.literal(0).transform(() => false), z.literal(1).transform(() => true), z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true')]), isBoolean);

/** The list envelope; `page` may be a string. */
export function envelopeOf<T extends z.ZodType>(entry: T) {
  return z.looseObject({
    page: int,
    totalsCount: int.optional(),
    isLastPage: bool,
    lastPageNumber: int.optional(),
    firstOnPage: int.optional(),
    lastOnPage: int.optional(),
    itemsPerPage: int.optional(),
    entries: z.array(entry),
  });
}

export type Envelope<T> = {
  page: number;
  totalsCount?: number | undefined;
  isLastPage: boolean;
  lastPageNumber?: number | undefined;
  itemsPerPage?: number | undefined;
  entries: T[];
};

/** Routes answering either an envelope or a bare array (some list routes have no envelope). */
export function listOf<T extends z.ZodType>(entry: T) {
  return z.union([z.array(entry), envelopeOf(entry)]);
}
