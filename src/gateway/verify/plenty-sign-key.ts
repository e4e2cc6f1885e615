import { createHmac } from 'node:crypto';
import { jsonStrings } from '../webhooks/json-strings.js';
import { secretsEqual } from './constant-time.js';

/**
 * PlentyONE webhook subscriptions carry a "sign key", but where it sits (header, query, body field) and
 * whether it signs the body is not documented. So every plausible place is checked: the key itself in a
 * header, a query parameter or a body field (top level or one object down), or an HMAC-SHA256 of the
 * body with the key (hex or base64) in a signature header. Any match authenticates.
 *
 * Nothing is parsed before the key is found: a body field is found by a linear scan of the raw text
 * (fields of the top-level object or of an object one down), so an unauthenticated body costs one pass
 * over at most the body limit, never a full parse.
 */

const headerNames = [
  'x-plenty-sign-key', 'x-plenty-signkey', 'x-sign-key', 'x-signkey', 'sign-key', 'signkey', 'x-webhook-key',
  'x-api-key', 'x-plenty-token', 'x-webhook-token',
];
const signatureHeaders = ['x-plenty-signature', 'x-signature', 'x-webhook-signature', 'x-hub-signature-256'];
const queryNames = ['signKey', 'sign_key', 'signkey', 'key', 'token'];
const bodyField = /^(sign[_-]?key|signkey|signing[_-]?key|secret|token|webhook[_-]?key)$/i;

/** Body fields compared against the key at most: a body stuffed with `token` fields costs no more. */
const MAX_BODY_CANDIDATES = 16;

export interface PlentySignKeyInput {
  header(name: string): string | undefined;
  query(name: string): string | undefined;
  /** The raw body as text (for a key in a body field) and as bytes (for the HMAC). */
  text: string;
  rawBody: Uint8Array;
}

export type PlentySignKeyMethod = 'header' | 'query' | 'hmac' | 'body';

export interface PlentySignKeyResult {
  ok: boolean;
  /** Where the key was found; `hmac` means the signature covers the body (and only the body). */
  method?: PlentySignKeyMethod | undefined;
}

export function verifyPlentySignKey(input: PlentySignKeyInput, signKey: string): PlentySignKeyResult {
  let method: PlentySignKeyMethod | undefined;
  const check = (candidate: string | undefined, where: PlentySignKeyMethod) => {
    if (candidate !== undefined && candidate !== '' && secretsEqual(candidate.trim(), signKey)) method ??= where;
  };
  for (const name of headerNames) check(input.header(name), 'header');
  const authorization = input.header('authorization');
  if (authorization) check(authorization.replace(/^(Bearer|Token)\s+/i, ''), 'header');
  for (const name of queryNames) check(input.query(name), 'query');

  const hmac = createHmac('sha256', signKey).update(input.rawBody).digest();
  for (const name of signatureHeaders) {
    const value = input.header(name)?.replace(/^sha256=/i, '');
    if (!value) continue;
    check(value, 'header');
    if (secretsEqual(value.toLowerCase(), hmac.toString('hex')) || secretsEqual(value, hmac.toString('base64'))) method ??= 'hmac';
  }

  if (method) return { ok: true, method };
  let candidates = 0;
  for (const s of jsonStrings(input.text)) {
    if (s.role !== 'value' || s.depth > 2 || !s.objectsOnly || s.key === undefined || !bodyField.test(s.key)) continue;
    check(s.value, 'body');
    if (++candidates >= MAX_BODY_CANDIDATES) break;
  }
  return { ok: method !== undefined, method };
}
