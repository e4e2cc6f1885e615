/**
 * JSONata expressions of mapping configs, compiled once and evaluated with bounds. JSONata is not a
 * security sandbox by itself: an expression could loop, recurse or build huge values. Every evaluation
 * therefore runs with JSONata's own guardrails (a time limit checked at each step, a stack depth and a
 * sequence length limit), a check of every intermediate string and array against a size bound, regular
 * expressions refused on long texts, and `$eval` (which would compile a new expression without these
 * bounds) taken away. Expressions only see the record they are given and the bindings named here.
 */
import jsonata from 'jsonata';

export const EXPRESSION_LIMITS = {
  /** Milliseconds one evaluation may take (checked at every evaluation step). */
  timeoutMs: 1000,
  /** Nesting depth of the evaluation (deep recursion). */
  stack: 200,
  /** Length of a sequence JSONata builds (e.g. `[1..n]`, a mapped array). */
  sequence: 100_000,
  /** Characters of any string an evaluation step produces. */
  stringChars: 100_000,
  /** Characters of input a regular expression of an expression is matched against. */
  regexInputChars: 10_000,
  /** Characters of an expression's text. */
  expressionChars: 4_000,
} as const;

export class ExpressionError extends Error {
  constructor(readonly expression: string, message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** The message of a JSONata error (thrown as plain objects with a code), in one sentence. */
function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object') {
    const e = error as { code?: string; message?: string; position?: number; value?: unknown };
    if (e.code === 'D1012') return `the expression ran longer than ${EXPRESSION_LIMITS.timeoutMs} ms`;
    if (e.code === 'D1011') return `the expression nests deeper than ${EXPRESSION_LIMITS.stack} levels`;
    if (e.code === 'D2015') return `the expression built a sequence longer than ${EXPRESSION_LIMITS.sequence} entries`;
    const at = typeof e.position === 'number' ? ` (at character ${e.position})` : '';
    return `${e.message ?? e.code ?? 'invalid expression'}${at}`;
  }
  return String(error);
}

class BoundedRegExp extends RegExp {
  override exec(input: string): RegExpExecArray | null {
    if (input.length > EXPRESSION_LIMITS.regexInputChars) {
      throw new Error(`a regular expression was applied to a text longer than ${EXPRESSION_LIMITS.regexInputChars} characters`);
    }
    return super.exec(input);
  }
}

const tooLarge = (value: unknown): string | undefined => {
  if (typeof value === 'string' && value.length > EXPRESSION_LIMITS.stringChars) {
    return `the expression built a text longer than ${EXPRESSION_LIMITS.stringChars} characters`;
  }
  if (Array.isArray(value) && value.length > EXPRESSION_LIMITS.sequence) {
    return `the expression built a list longer than ${EXPRESSION_LIMITS.sequence} entries`;
  }
  return undefined;
};

export interface Compiled {
  text: string;
  evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown>;
}

const cache = new Map<string, Compiled>();

/** Compiles an expression; a syntax error throws an ExpressionError saying where. */
export function compileExpression(text: string): Compiled {
  const cached = cache.get(text);
  if (cached) return cached;
  if (text.length > EXPRESSION_LIMITS.expressionChars) {
    throw new ExpressionError(text, `expressions are at most ${EXPRESSION_LIMITS.expressionChars} characters`);
  }
  let expr: jsonata.Expression;
  try {
    expr = jsonata(text, {
      timeout: EXPRESSION_LIMITS.timeoutMs,
      stack: EXPRESSION_LIMITS.stack,
      sequence: EXPRESSION_LIMITS.sequence,
      RegexEngine: BoundedRegExp,
    } as jsonata.JsonataOptions);
  } catch (error) {
    throw new ExpressionError(text, `invalid JSONata: ${messageOf(error)}`);
  }
  expr.assign('eval', () => {
    throw new Error('$eval is not available in plentygate expressions');
  });
  // Called after every evaluation step: a step that built something too large ends the evaluation.
  expr.assign(Symbol.for('jsonata.__evaluate_exit') as unknown as string, (_e: unknown, _i: unknown, _env: unknown, result: unknown) => {
    const problem = tooLarge(result);
    if (problem) throw new Error(problem);
  });
  const compiled: Compiled = {
    text,
    async evaluate(input, bindings = {}) {
      try {
        const result: unknown = await expr.evaluate(input, bindings);
        return normalize(result);
      } catch (error) {
        throw new ExpressionError(text, `expression ${JSON.stringify(text)} failed: ${messageOf(error)}`);
      }
    },
  };
  if (cache.size > 1000) cache.clear();
  cache.set(text, compiled);
  return compiled;
}

/** JSONata sequences are arrays with extra flags; the mapping stores plain JSON values. */
function normalize(value: unknown): unknown {
  if (value === undefined || value === null) return value ?? undefined;
  if (typeof value === 'function') return undefined;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** The syntax problem of an expression, or undefined when it compiles. */
export function expressionProblem(text: string): string | undefined {
  try {
    compileExpression(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
