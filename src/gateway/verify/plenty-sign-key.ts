import { createHmac } from 'node:crypto';
import { secretsEqual } from './constant-time.js';

/**
 * PlentyONE webhook subscriptions carry a "sign key", but where it sits (header, query, body field) and
 * whether it signs the body is not documented. So every plausible place is checked: the key itself in a
 * header, a query parameter or a body field (top level or one object down), or an HMAC-SHA256 of the
 * body with the key (hex or base64) in a signature header. Any match authenticates.
 */

const headerNames = [
  'x-plenty-sign-key', 'x-plenty-signkey', 'x-sign-key', 'x-signkey', 'sign-key', 'signkey', 'x-webhook-key',
  'x-api-key', 'x-plenty-token', 'x-webhook-token',
];
const signatureHeaders = ['x-plenty-signature', 'x-signature', 'x-webhook-signature', 'x-hub-signature-256'];
const queryNames = ['signKey', 'sign_key', 'signkey', 'key', 'token'];
const bodyField = /^(sign[_-]?key|signkey|signing[_-]?key|secret|token|webhook[_-]?key)$/i;

export interface PlentySignKeyInput {
  header(name: string): string | undefined;
  query(name: string): string | undefined;
  body: unknown;
  rawBody: Uint8Array;
}

export interface PlentySignKeyResult {
  ok: boolean;
  /** Body paths that held the key: the inbox stores the body with these replaced. */
  bodyPaths: string[][];
}

export function verifyPlentySignKey(input: PlentySignKeyInput, signKey: string): PlentySignKeyResult {
  let ok = false;
  const check = (candidate: string | undefined) => {
    if (candidate !== undefined && candidate !== '') ok = secretsEqual(candidate.trim(), signKey) || ok;
  };
  for (const name of headerNames) check(input.header(name));
  const authorization = input.header('authorization');
  if (authorization) check(authorization.replace(/^(Bearer|Token)\s+/i, ''));
  for (const name of queryNames) check(input.query(name));

  const hmac = createHmac('sha256', signKey).update(input.rawBody).digest();
  for (const name of signatureHeaders) {
    const value = input.header(name)?.replace(/^sha256=/i, '');
    if (!value) continue;
    check(value);
    ok = secretsEqual(value.toLowerCase(), hmac.toString('hex')) || ok;
    ok = secretsEqual(value, hmac.toString('base64')) || ok;
  }

  const bodyPaths: string[][] = [];
  for (const { path, value } of candidateFields(input.body)) {
    if (typeof value !== 'string') continue;
    const match = secretsEqual(value.trim(), signKey);
    if (match) bodyPaths.push(path);
    ok = match || ok;
  }
  return { ok, bodyPaths };
}

function* candidateFields(body: unknown): Generator<{ path: string[]; value: unknown }> {
  if (!isObject(body)) return;
  for (const [k, v] of Object.entries(body)) {
    if (bodyField.test(k)) yield { path: [k], value: v };
    if (isObject(v)) {
      for (const [k2, v2] of Object.entries(v)) if (bodyField.test(k2)) yield { path: [k, k2], value: v2 };
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
