import { createHmac, createSecretKey, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com): HMAC-SHA256 over `${id}.${timestamp}.${body}`
 * with the secret's bytes (`whsec_<base64>`), sent as `webhook-signature: v1,<base64> [v1,<base64>…]`.
 * Several signatures let a sender sign with the old and the new secret while rotating.
 */

export type StandardWebhookFailure = 'missing-headers' | 'bad-timestamp' | 'too-old' | 'too-new' | 'no-match';

export interface StandardWebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export function secretKeyBytes(secret: string | Buffer): Buffer {
  if (Buffer.isBuffer(secret)) return secret;
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

/**
 * The key object of each configured secret: an HMAC keyed with a KeyObject skips copying and checking the
 * key bytes that every HMAC keyed with a Buffer does (a measurable part of a webhook's verification).
 */
const keyObjects = new WeakMap<Buffer, KeyObject>();

function sign(key: Buffer, id: string, timestamp: string, body: Uint8Array): Buffer {
  let keyObject = keyObjects.get(key);
  if (!keyObject) keyObjects.set(key, (keyObject = createSecretKey(key)));
  return createHmac('sha256', keyObject).update(`${id}.${timestamp}.`).update(body).digest();
}

/**
 * Verifies the headers against every configured secret. `nowS` is injectable for tests.
 * Returns null when valid, else why not (for logs and metrics; never shown to the sender).
 */
export function verifyStandardWebhook(
  headers: StandardWebhookHeaders,
  body: Uint8Array,
  secrets: readonly Buffer[],
  options: { toleranceS?: number; nowS?: number } = {},
): StandardWebhookFailure | null {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return 'missing-headers';
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad-timestamp';
  const now = options.nowS ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceS ?? 300;
  const ts = Number(timestamp);
  if (ts < now - tolerance) return 'too-old';
  if (ts > now + tolerance) return 'too-new';
  const given = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  let ok = false;
  for (const key of secrets) {
    const expected = sign(key, id, timestamp, body);
    for (const candidate of given) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) ok = true;
    }
  }
  return ok ? null : 'no-match';
}

/** Signs a body the way a sender does (for the Magento module author, tests and the benchmark). */
export function signStandardWebhook(
  body: string | Uint8Array,
  secret: string | Buffer,
  options: { id?: string; timestampS?: number } = {},
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = String(options.timestampS ?? Math.floor(Date.now() / 1000));
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const signature = sign(secretKeyBytes(secret), id, timestamp, bytes).toString('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
