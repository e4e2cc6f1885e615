import type { Context } from 'hono';
import { MagentoStoreError } from '../store/errors.js';

/** Hono environment of the REST routes: the store view code resolved from the URL. */
export interface RestEnv {
  Variables: {
    /** `default` for `/rest/V1`, the code for `/rest/<code>/V1`, `all` for `/rest/all/V1`. */
    storeCode: string;
  };
}

/** Magento's error body. */
export function errorBody(message: string, parameters: Record<string, string | number> | string[] = []) {
  return Array.isArray(parameters) && parameters.length === 0 ? { message } : { message, parameters };
}

/** JSON request body; Magento answers a malformed body with 400 "Decoding error". */
export async function readJson(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text.trim()) throw new MagentoStoreError('The request body is empty.');
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new MagentoStoreError('Decoding error: \n%1', ['Syntax error']);
  }
}

/** JSON body that may be empty (`POST /V1/order/{id}/invoice` without options). */
export async function readOptionalJson(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    throw new MagentoStoreError('Decoding error: \n%1', ['Syntax error']);
  }
}

/** A required object inside the body, e.g. `product` of `POST /V1/products`. */
export function requireObject(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = body[key];
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: key });
  }
  return value as Record<string, unknown>;
}

/** Path ids: Magento answers a non-numeric id as an invalid type. */
export function intParam(raw: string | undefined): number {
  const n = Number(raw);
  if (!raw || !Number.isInteger(n)) {
    throw new MagentoStoreError('The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.', { value: String(raw), type: 'int' });
  }
  return n;
}

export function str(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

export function num(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  return value === true || value === 1 || value === '1' || value === 'true';
}
