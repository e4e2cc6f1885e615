/**
 * Error answers shaped like PlentyONE's. The OpenAPI description documents no error bodies, so these
 * follow what the system is known to send: an `error` object with `code` and `message`, and for failed
 * validation a `validation_errors` map of dotted field path → messages (Laravel style), status 422.
 */
import type { Context } from 'hono';

export class PlentyHttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429,
    readonly body: unknown,
  ) {
    super(typeof body === 'object' && body && 'error' in body ? JSON.stringify(body) : String(body));
  }
}

export function notFound(what = 'Resource'): PlentyHttpError {
  return new PlentyHttpError(404, { error: { code: 404, message: `${what} not found.` } });
}

export function unauthenticated(): PlentyHttpError {
  return new PlentyHttpError(401, { error: { code: 401, message: 'Unauthenticated.' } });
}

export function badRequest(message: string): PlentyHttpError {
  return new PlentyHttpError(400, { error: { code: 400, message } });
}

export type ValidationErrors = Record<string, string[]>;

export function validationFailed(errors: ValidationErrors): PlentyHttpError {
  return new PlentyHttpError(422, {
    error: { code: 422, message: 'The given data was invalid.', validation_errors: errors },
  });
}

/** Collects field errors while a handler validates a body, then throws them all at once. */
export class Validator {
  readonly errors: ValidationErrors = {};

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  required(field: string, value: unknown): boolean {
    if (value === undefined || value === null || value === '') {
      this.add(field, `The ${humanize(field)} field is required.`);
      return false;
    }
    return true;
  }

  /** A string with more than white space in it (Laravel's `required` trims before it checks). */
  text(field: string, value: unknown): boolean {
    if (!this.required(field, typeof value === 'string' ? value.trim() : value)) return false;
    if (typeof value !== 'string') {
      this.add(field, `The ${humanize(field)} must be a string.`);
      return false;
    }
    return true;
  }

  integer(field: string, value: unknown): boolean {
    if (value === undefined || value === null) return true;
    if (!Number.isInteger(Number(value)) || value === '' || typeof value === 'boolean') {
      this.add(field, `The ${humanize(field)} must be an integer.`);
      return false;
    }
    return true;
  }

  numeric(field: string, value: unknown): boolean {
    if (value === undefined || value === null) return true;
    if (value === '' || typeof value === 'boolean' || !Number.isFinite(Number(value))) {
      this.add(field, `The ${humanize(field)} must be a number.`);
      return false;
    }
    return true;
  }

  exists(field: string, ok: boolean): boolean {
    if (!ok) this.add(field, `The selected ${humanize(field)} is invalid.`);
    return ok;
  }

  throwIfAny(): void {
    if (Object.keys(this.errors).length > 0) throw validationFailed(this.errors);
  }
}

/** `orderItems.0.itemVariationId` → `order items.0.item variation id` (how Laravel words it). */
function humanize(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export function sendError(c: Context, err: PlentyHttpError): Response {
  return c.json(err.body as object, err.status);
}
