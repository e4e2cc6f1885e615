/**
 * Fault rules: what to inject, into which requests. Validated with zod so the control endpoint and
 * the CLI give clear errors. A rule matches by HTTP method and path (glob with `*`, or a regular
 * expression written `re:<pattern>`), then fires with `probability` (drawn from the controller's
 * seeded stream), after letting the first `skip` matching requests through, at most `times` times.
 * A `mix` rule fires with its probability and then injects one of its `faults`, picked by weight, so
 * "5 % of calls fail, in these ways" is one rule with exactly that rate.
 */
import { z } from 'zod';

export const FAULT_KINDS = ['latency', 'error', 'timeout', 'reset', 'fail-after-write', 'burst429', 'echo', 'mix'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const MAX_DELAY_MS = 600_000;

const methodSchema = z
  .string()
  .trim()
  .transform((m) => m.toUpperCase())
  .refine((m) => m === '*' || /^[A-Z]+(,[A-Z]+)*$/.test(m), {
    message: 'method must be "*", an HTTP method or a comma-separated list such as "GET,POST"',
  });

const pathSchema = z
  .string()
  .min(1, 'path must not be empty')
  .refine((p) => p.startsWith('/') || p === '*' || p.startsWith('re:'), {
    message: 'path must start with "/", be "*", or be a regular expression written "re:<pattern>"',
  })
  .refine((p) => !p.startsWith('re:') || compiles(p.slice(3)), { message: 'path regular expression does not compile' });

const common = {
  id: z.string().trim().min(1).max(100).optional(),
  method: methodSchema.default('*'),
  path: pathSchema,
  probability: z.number().min(0).max(1).default(1),
  times: z.number().int().positive().optional(),
  skip: z.number().int().min(0).default(0),
};

const errorStatus = z
  .union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)], {
    error: 'status must be 500, 502, 503 or 504',
  })
  .default(500);

const delay = z.number().int().min(0).max(MAX_DELAY_MS);

/** An echo can be any error: a login refused (401), a validation error (400/422) or a server error. */
const echoStatus = z
  .union([z.literal(400), z.literal(401), z.literal(403), z.literal(422), z.literal(500), z.literal(502), z.literal(503)], {
    error: 'status must be 400, 401, 403, 422, 500, 502 or 503',
  })
  .default(500);

/**
 * `afterWrite`: the handler runs first (the write happens), then the connection is held or dropped,
 * so the client cannot tell whether its write landed, as with a real timeout or reset mid-answer.
 * `lateWrite` (timeout): the server carries on after the client has given up, and the handler runs
 * when the hold ends: a write that lands after the client's timeout.
 */
const afterWrite = z.boolean().default(false);
const lateWrite = z.boolean().default(false);

/** What a failing request gets; shared by the single-fault rules and the variants of a mix. */
const effects = {
  error: { kind: z.literal('error'), status: errorStatus },
  timeout: { kind: z.literal('timeout'), holdMs: delay.default(30_000), afterWrite, lateWrite },
  reset: { kind: z.literal('reset'), afterWrite },
  failAfterWrite: { kind: z.literal('fail-after-write'), status: errorStatus },
};

const weight = z.number().positive().default(1);

const oneWrite = (rule: { kind: string; afterWrite?: boolean; lateWrite?: boolean }, ctx: z.RefinementCtx) => {
  if (rule.kind === 'timeout' && rule.afterWrite && rule.lateWrite) {
    ctx.addIssue({ code: 'custom', path: ['lateWrite'], message: 'a timeout writes before the hold (afterWrite) or after it (lateWrite), not both' });
  }
};

export const mixVariantSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...effects.error, weight }),
  z.strictObject({ ...effects.timeout, weight }),
  z.strictObject({ ...effects.reset, weight }),
  z.strictObject({ ...effects.failAfterWrite, weight }),
]).superRefine(oneWrite);

export const faultRuleSchema = z
  .discriminatedUnion('kind', [
    z.object({ ...common, kind: z.literal('latency'), ms: delay, maxMs: delay.optional() }),
    z.object({ ...common, ...effects.error }),
    z.object({ ...common, ...effects.timeout }),
    z.object({ ...common, ...effects.reset }),
    z.object({ ...common, ...effects.failAfterWrite }),
    // An error answer that quotes the request (headers, query, body), credentials included, as debug
    // error pages and some proxies do: what a client must never store or log as it came.
    z.object({ ...common, kind: z.literal('echo'), status: echoStatus }),
    z.object({
      ...common,
      kind: z.literal('burst429'),
      count: z.number().int().positive(),
      retryAfter: z.number().int().min(0).max(3600).default(1),
    }),
    z.object({ ...common, kind: z.literal('mix'), faults: z.array(mixVariantSchema).min(1, 'a mix needs at least one fault') }),
  ])
  .superRefine((rule, ctx) => {
    if (rule.kind === 'latency' && rule.maxMs !== undefined && rule.maxMs < rule.ms) {
      ctx.addIssue({ code: 'custom', path: ['maxMs'], message: 'maxMs must be >= ms' });
    }
    oneWrite(rule, ctx);
  });

/** One way a mix rule fails a request. */
export type MixVariant = z.output<typeof mixVariantSchema>;

/** What callers pass in (defaults optional). */
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
/** A validated rule with defaults applied. */
export type FaultRule = z.output<typeof faultRuleSchema> & { readonly id: string };

export interface FaultIssue {
  readonly path: string;
  readonly message: string;
}

/** Thrown for an invalid rule or spec; the control endpoint turns it into a 400. */
export class FaultRuleError extends Error {
  constructor(readonly issues: readonly FaultIssue[]) {
    super(`invalid fault rule: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.name = 'FaultRuleError';
  }
}

export function parseFaultRule(input: unknown, pathPrefix = ''): z.output<typeof faultRuleSchema> {
  const result = faultRuleSchema.safeParse(input);
  if (result.success) return result.data;
  throw new FaultRuleError(
    result.error.issues.map((issue) => ({
      path: [pathPrefix, ...issue.path.map(String)].filter(Boolean).join('.'),
      message: issue.message,
    })),
  );
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Compiles a rule's path into an anchored matcher. */
export function pathMatcher(path: string): RegExp {
  if (path.startsWith('re:')) return new RegExp(path.slice(3));
  const body = path
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

export const FAULT_SPEC_HELP = `Fault spec: "[METHOD ]PATH:KIND[:ARG][:PROBABILITY]"
  METHOD       GET, POST, ... or a comma list (GET,POST); omitted = any method
  PATH         glob with * (/rest/orders, /rest/items/*) or re:<regex>
  KIND:ARG     latency:MS | latency:MIN-MAX   delay in milliseconds
               error:STATUS                    500 | 502 | 503 | 504
               timeout[:HOLD_MS]               hold the request open (default 30000), then 504
               reset                           destroy the connection
               fail-after-write[:STATUS]       run the handler (the write happens), then answer 500
               burst429:COUNT[/RETRY_AFTER]    answer the next COUNT calls with 429 (Retry-After s, default 1)
               echo[:STATUS]                   an error (default 500) quoting the request: headers, query, body
               (mix rules, afterWrite and lateWrite: JSON rules through /_sandbox/faults)
  PROBABILITY  0..1, default 1 (for timeout and fail-after-write a lone number > 1 is the ARG)
  Examples: "POST /rest/orders:fail-after-write:0.2"   "GET /rest/items*:latency:50-200"
            "/rest/V1/*:error:503:0.1"   "*:burst429:5/2"   "PUT /rest/stockmanagement/*:reset"`;

/**
 * Parses the compact CLI syntax (see FAULT_SPEC_HELP) into a validated rule. The kind is found by
 * scanning ":"-separated segments from the left, so paths may contain ":" as long as no segment
 * equals a kind name.
 */
export function parseFaultSpec(spec: string): z.output<typeof faultRuleSchema> {
  const segments = spec.trim().split(':');
  const kindAt = segments.findIndex((s, i) => i > 0 && (FAULT_KINDS as readonly string[]).includes(s.trim()));
  if (kindAt < 0) {
    throw new FaultRuleError([{ path: 'spec', message: `no fault kind in "${spec}" (expected one of ${FAULT_KINDS.join(', ')})` }]);
  }
  const target = segments.slice(0, kindAt).join(':').trim();
  const kind = (segments[kindAt] as string).trim() as FaultKind;
  if (kind === 'mix') {
    throw new FaultRuleError([{ path: 'spec', message: `a mix rule lists its faults: post it as a JSON rule to /_sandbox/faults ("${spec}")` }]);
  }
  const args = segments.slice(kindAt + 1).map((s) => s.trim());
  const space = target.search(/\s/);
  const method = space > 0 ? target.slice(0, space) : '*';
  const path = space > 0 ? target.slice(space).trim() : target;
  const rule: Record<string, unknown> = { kind, method, path };
  const num = (text: string | undefined, what: string): number => {
    const n = Number(text);
    if (text === undefined || text === '' || !Number.isFinite(n)) {
      throw new FaultRuleError([{ path: 'spec', message: `${what} must be a number in "${spec}", got "${text ?? ''}"` }]);
    }
    return n;
  };
  // timeout and fail-after-write take an optional argument: a lone number above 1 is that argument
  // (hold time, status), a lone number up to 1 is the probability.
  const optionalArg = kind === 'timeout' || kind === 'fail-after-write' || kind === 'echo';
  const hasArg =
    kind === 'latency' || kind === 'error' || kind === 'burst429' || (optionalArg && (args.length >= 2 || Number(args[0]) > 1));
  const [arg, probability, ...extra] = hasArg ? args : [undefined, ...args];
  if (extra.length > 0) throw new FaultRuleError([{ path: 'spec', message: `too many ":" segments in "${spec}"` }]);
  switch (kind) {
    case 'latency': {
      const [min, max] = (arg ?? '').split('-');
      rule.ms = num(min, 'latency');
      if (max !== undefined) rule.maxMs = num(max, 'latency maximum');
      break;
    }
    case 'error':
    case 'fail-after-write':
    case 'echo':
      if (arg !== undefined) rule.status = num(arg, 'status');
      break;
    case 'timeout':
      if (arg !== undefined) rule.holdMs = num(arg, 'hold time');
      break;
    case 'burst429': {
      const [count, retryAfter] = (arg ?? '').split('/');
      rule.count = num(count, 'burst count');
      if (retryAfter !== undefined) rule.retryAfter = num(retryAfter, 'retry-after');
      break;
    }
    case 'reset':
      break;
  }
  if (probability !== undefined) rule.probability = num(probability, 'probability');
  return parseFaultRule(rule, 'spec');
}
