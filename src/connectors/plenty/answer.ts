/**
 * Turns a PlentyONE answer into a value or a classified error. Transient (retry the job with backoff):
 * timeouts, resets, 5xx, 429. Permanent (record the record's failure and go on): other 4xx, with
 * PlentyONE's validation messages in the error message, and answers that do not have the shape
 * plentygate relies on.
 */
import type { z } from 'zod';
import { PermanentApiError, TransientApiError, isTransientStatus } from '../errors.js';
import type { ApiError } from '../errors.js';
import { scrubText } from '../../credentials/scrub.js';
import { parseCanonical } from '../canonical.js';

/** An answer's body: its JSON, null when empty, else the text as it came. */
export function bodyOf(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `{"error":{"message":…,"validation_errors":{field:[msg]}}}`, `{"error":"…","message":"…"}`, or text. */
export function describeErrorBody(body: unknown): string {
  // Scrubbed before it is cut: a cut through a token would leave a piece no pattern recognises.
  if (typeof body === 'string') return scrubText(body).slice(0, 300);
  if (typeof body !== 'object' || body === null) return '';
  const o = body as Record<string, unknown>;
  const err = typeof o.error === 'object' && o.error !== null ? (o.error as Record<string, unknown>) : o;
  const parts: string[] = [];
  const message = err.message ?? o.message ?? (typeof o.error === 'string' ? o.error : undefined);
  if (typeof message === 'string') parts.push(message);
  const validation = err.validation_errors ?? o.validation_errors;
  if (typeof validation === 'object' && validation !== null) {
    for (const [field, messages] of Object.entries(validation as Record<string, unknown>)) {
      const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
      parts.push(`${field}: ${list.join(' ')}`);
    }
  }
  return parts.join('; ');
}

export function errorForStatus(route: string, status: number, body: unknown, retryAfterMs?: number): ApiError {
  const detail = describeErrorBody(body);
  const message = `PlentyONE answered ${status} to ${route}${detail ? `: ${detail}` : ''}`;
  const details = { system: 'plenty' as const, route, status, body, retryAfterMs };
  return isTransientStatus(status) ? new TransientApiError(message, details) : new PermanentApiError(message, details);
}

/** The answer as the schema makes it (without zod when it already has that form: canonical.ts), or a permanent error. */
export function parseAnswer<S extends z.ZodType>(route: string, schema: S, body: unknown, status: number): z.output<S> {
  const result = parseCanonical(schema, body);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new PermanentApiError(`PlentyONE answer to ${route} does not have the expected shape: ${issues}`, { system: 'plenty', route, status, body, cause: result.error });
}
