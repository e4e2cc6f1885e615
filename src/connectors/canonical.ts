/**
 * A cheap first pass over an API answer before its zod schema: most answers already hold nearly every
 * field in the form the schema would turn it into (numbers as numbers, booleans as booleans), and for
 * those the schema's output equals its input. Parsing a catalogue page of 250 rows through zod's unions
 * and pipes allocates an object per row and a result per field; this pass walks the answer with plain
 * type checks, hands it on as it came, and copies only the objects and arrays holding a field that
 * needs converting (PlentyONE's `page: "3"`), converting that field with its own zod schema. A field
 * or element whose schema it cannot vouch for (transforms, refinements, defaults, strings with rules)
 * is parsed by that schema alone in zod; integers and number bounds it checks itself. An answer with a
 * field zod rejects goes through zod as a whole, so what is accepted, what it becomes and the error
 * messages for bad answers are zod's.
 *
 * Leaf helpers whose output form is known (`num`, `int`, … in the PlentyONE schemas) are registered
 * with `canonicalAs`: a value passing the test is its own output; any other value is parsed by the
 * helper itself.
 */
import type { z } from 'zod';

export type CanonicalTest = (value: unknown) => boolean;
/** The schema's output for a value, or FAIL where zod must look (and word the error). */
type Convert = (value: unknown) => unknown;
const FAIL: unique symbol = Symbol('not canonical');

const registered = new WeakMap<z.ZodType, CanonicalTest>();
const compiled = new WeakMap<z.ZodType, Convert | null>();

/** Declares what the output of `schema` looks like: a value passing `test` parses to itself. */
export function canonicalAs<S extends z.ZodType>(schema: S, test: CanonicalTest): S {
  registered.set(schema, test);
  return schema;
}

export const isFiniteNumber: CanonicalTest = (v) => typeof v === 'number' && Number.isFinite(v);
export const isSafeInteger: CanonicalTest = (v) => Number.isSafeInteger(v);
export const isString: CanonicalTest = (v) => typeof v === 'string';
export const isBoolean: CanonicalTest = (v) => typeof v === 'boolean';

/** Whether answers of this schema can take the first pass (false: zod parses each one). */
export function hasCanonicalPass(schema: z.ZodType): boolean {
  return converterOf(schema) !== undefined;
}

function converterOf(schema: z.ZodType): Convert | undefined {
  let convert = compiled.get(schema);
  if (convert === undefined) {
    convert = compile(schema, new Set()) ?? null;
    compiled.set(schema, convert);
  }
  return convert ?? undefined;
}

/** `schema.safeParse(value)`, without zod for what is already in the schema's output form. */
export function parseCanonical<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  const out = converterOf(schema)?.(value) ?? FAIL;
  if (out !== FAIL) return { success: true, data: out as z.output<S> };
  return schema.safeParse(value);
}

/** `schema.parse(value)`, without zod for what is already in the schema's output form (a request body plentygate built). */
export function parseCanonicalOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = parseCanonical(schema, value);
  if (!parsed.success) throw parsed.error;
  return parsed.data;
}

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}

/**
 * A part whose output is its input whenever `test` passes (leaves, and optional or nullable ones):
 * objects and arrays try the test inline and call the converter only for a value that fails it.
 */
const testOf = new WeakMap<Convert, CanonicalTest>();
const tested = (convert: Convert, test: CanonicalTest): Convert => {
  testOf.set(convert, test);
  return convert;
};
const exact = (test: CanonicalTest): Convert => tested((v) => (test(v) ? v : FAIL), test);

interface CheckDef {
  check: string;
  format?: string;
  value?: unknown;
  inclusive?: boolean;
}

/** A number check as a plain test: integers (`.int()`) and bounds (`.nonnegative()`, `.min()`…); others are zod's. */
function numberCheck(check: CheckDef): CanonicalTest | undefined {
  const bound = check.value;
  if (check.check === 'number_format' && check.format === 'safeint') return isSafeInteger;
  if (typeof bound !== 'number') return undefined;
  if (check.check === 'greater_than') return check.inclusive ? (v) => (v as number) >= bound : (v) => (v as number) > bound;
  if (check.check === 'less_than') return check.inclusive ? (v) => (v as number) <= bound : (v) => (v as number) < bound;
  return undefined;
}

function numberConverter(def: Def): Convert | undefined {
  const tests: CanonicalTest[] = [];
  for (const check of def.checks ?? []) {
    const test = numberCheck(check._zod.def);
    if (!test) return undefined;
    tests.push(test);
  }
  if (tests.length === 0) return exact(isFiniteNumber);
  return exact((v) => isFiniteNumber(v) && tests.every((test) => test(v)));
}

/** A part the pass cannot vouch for inside one it can: that part's own schema parses it, in zod. */
function viaZod(schema: z.ZodType): Convert {
  return (v) => {
    const parsed = schema.safeParse(v);
    return parsed.success ? parsed.data : FAIL;
  };
}

/** What a field or element of a compiled object or array goes through. */
const partOf = (schema: z.ZodType, visiting: Set<z.ZodType>): Convert => compile(schema, visiting) ?? viaZod(schema);

function compile(schema: z.ZodType, visiting: Set<z.ZodType>): Convert | undefined {
  const known = registered.get(schema);
  if (known) {
    return tested((v) => {
      if (known(v)) return v;
      const parsed = schema.safeParse(v);
      return parsed.success ? parsed.data : FAIL;
    }, known);
  }
  if (visiting.has(schema)) return undefined; // recursive schemas: zod's job
  const def = schema._zod.def as Def;
  if (def.type === 'number') return numberConverter(def);
  if (def.checks && def.checks.length > 0) return undefined;
  visiting.add(schema);
  try {
    switch (def.type) {
      case 'optional':
      case 'nullable': {
        const inner = compile(def.innerType!, visiting);
        if (!inner) return undefined;
        const empty = def.type === 'optional' ? undefined : null;
        const convert: Convert = (v) => (v === empty ? v : inner(v));
        const test = testOf.get(inner);
        return test ? tested(convert, (v) => v === empty || test(v)) : convert;
      }
      case 'string':
        return exact(isString);
      case 'boolean':
        return exact(isBoolean);
      case 'unknown':
      case 'any':
        return tested((v) => v, () => true);
      case 'array':
        return arrayConverter(partOf(def.element!, visiting));
      case 'object':
        return objectConverter(def, visiting);
      case 'union': {
        // Only options that cannot both accept one value (an array and an object), so the one that
        // takes it is the one zod would pick.
        const kinds = def.options!.map((o) => (o._zod.def as Def).type);
        if (kinds.some((k) => k !== 'array' && k !== 'object') || new Set(kinds).size !== kinds.length) return undefined;
        const options = def.options!.map((o) => compile(o, visiting));
        if (options.some((o) => o === undefined)) return undefined;
        const array = options[kinds.indexOf('array')];
        const object = options[kinds.indexOf('object')];
        return (v) => (Array.isArray(v) ? (array ? array(v) : FAIL) : object ? object(v) : FAIL);
      }
      default:
        return undefined;
    }
  } finally {
    visiting.delete(schema);
  }
}

function arrayConverter(element: Convert): Convert {
  const test = testOf.get(element);
  return (v) => {
    if (!Array.isArray(v)) return FAIL;
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (test?.(item)) continue;
      const converted = element(item);
      if (converted === FAIL) return FAIL;
      if (converted !== item) (out ??= v.slice())[i] = converted;
    }
    return out ?? v;
  };
}

/** A loose object keeps unknown keys; a plain one drops them, so it passes only without any. */
function objectConverter(def: Def, visiting: Set<z.ZodType>): Convert | undefined {
  const catchall = def.catchall ? (def.catchall._zod.def as Def).type : undefined;
  if (catchall !== undefined && catchall !== 'unknown') return undefined;
  const keys = Object.keys(def.shape!);
  const fields = keys.map((key) => partOf(def.shape![key]!, visiting));
  const loose = catchall === 'unknown';
  const known = new Set(keys);
  const tests = fields.map((f) => testOf.get(f));
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;
    const o = v as Record<string, unknown>;
    if (!loose) for (const key in o) if (!known.has(key)) return FAIL;
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const value = o[key];
      if (tests[i]?.(value)) continue;
      const converted = fields[i]!(value);
      if (converted === FAIL) return FAIL;
      if (converted !== value) (out ??= { ...o })[key] = converted;
    }
    return out ?? o;
  };
}
