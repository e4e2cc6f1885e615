import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchesAny, secretsEqual } from '../../src/gateway/verify/constant-time.js';
import { verifyPlentySignKey } from '../../src/gateway/verify/plenty-sign-key.js';
import { verifyAnyRsaSha256, verifyRsaSha256 } from '../../src/gateway/verify/rsa-signature.js';
import { verifyBasicAuth, verifySharedHeader } from '../../src/gateway/verify/shared-secret.js';
import { signStandardWebhook, verifyStandardWebhook, secretKeyBytes } from '../../src/gateway/verify/standard-webhooks.js';

const whsec = (bytes = randomBytes(24)) => `whsec_${bytes.toString('base64')}`;

describe('Standard Webhooks', () => {
  const secret = whsec();
  const body = Buffer.from('{"type":"order.saved","data":{"keys":["100"]}}');
  const now = 1_760_000_000;
  const headersOf = (h: Record<string, string>) => ({ id: h['webhook-id'], timestamp: h['webhook-timestamp'], signature: h['webhook-signature'] });

  it('accepts what it signs, within the tolerance either side', () => {
    for (const ts of [now, now - 299, now + 299]) {
      const h = signStandardWebhook(body, secret, { id: 'msg_1', timestampS: ts });
      expect(verifyStandardWebhook(headersOf(h), body, [secretKeyBytes(secret)], { nowS: now })).toBeNull();
    }
  });

  it('matches the reference vector of the specification', () => {
    // From the Standard Webhooks reference libraries' test suite.
    const key = secretKeyBytes('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    const payload = Buffer.from('{"test": 2432232314}');
    const expected = createHmac('sha256', key).update('msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.').update(payload).digest('base64');
    expect(verifyStandardWebhook(
      { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: '1614265330', signature: `v1,${expected}` },
      payload, [key], { nowS: 1614265330 },
    )).toBeNull();
    expect(expected).toBe('g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('refuses stale, future, tampered, unsigned and wrongly keyed messages', () => {
    const key = [secretKeyBytes(secret)];
    const h = signStandardWebhook(body, secret, { id: 'msg_1', timestampS: now });
    expect(verifyStandardWebhook(headersOf(h), body, key, { nowS: now + 301 })).toBe('too-old');
    expect(verifyStandardWebhook(headersOf(h), body, key, { nowS: now - 301 })).toBe('too-new');
    expect(verifyStandardWebhook(headersOf(h), Buffer.from(`${body} `), key, { nowS: now })).toBe('no-match');
    expect(verifyStandardWebhook({ ...headersOf(h), id: 'msg_2' }, body, key, { nowS: now })).toBe('no-match');
    expect(verifyStandardWebhook({ ...headersOf(h), signature: undefined }, body, key, { nowS: now })).toBe('missing-headers');
    expect(verifyStandardWebhook({ ...headersOf(h), timestamp: 'yesterday' }, body, key, { nowS: now })).toBe('bad-timestamp');
    expect(verifyStandardWebhook(headersOf(h), body, [secretKeyBytes(whsec())], { nowS: now })).toBe('no-match');
  });

  it('rotates keys: several secrets on the receiver, several signatures on the message', () => {
    const oldSecret = whsec();
    const newSecret = whsec();
    const signedNew = signStandardWebhook(body, newSecret, { id: 'msg_r', timestampS: now });
    const receiver = [secretKeyBytes(oldSecret), secretKeyBytes(newSecret)];
    expect(verifyStandardWebhook(headersOf(signedNew), body, receiver, { nowS: now })).toBeNull();
    const signedOld = signStandardWebhook(body, oldSecret, { id: 'msg_r', timestampS: now });
    const both = { ...headersOf(signedNew), signature: `v1,${Buffer.alloc(32).toString('base64')} ${signedOld['webhook-signature']}` };
    expect(verifyStandardWebhook(both, body, [secretKeyBytes(oldSecret)], { nowS: now })).toBeNull();
  });
});

describe('RSA-SHA256 signatures (Adobe Commerce, I/O Events)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const body = Buffer.from('{"eventName":"catalog_product_save_after","data":{}}');
  const sig = sign('sha256', body, privateKey).toString('base64');

  it('verifies a signature over the raw body with the public key', () => {
    expect(verifyRsaSha256(body, sig, publicKey)).toBe(true);
  });
  it('refuses another key, a changed body, garbage and absence', () => {
    expect(verifyRsaSha256(body, sign('sha256', body, other.privateKey).toString('base64'), publicKey)).toBe(false);
    expect(verifyRsaSha256(Buffer.from(`${body}\n`), sig, publicKey)).toBe(false);
    expect(verifyRsaSha256(body, 'not base64 at all', publicKey)).toBe(false);
    expect(verifyRsaSha256(body, undefined, publicKey)).toBe(false);
  });
  it('accepts when either of two signatures verifies', () => {
    expect(verifyAnyRsaSha256(body, ['AAAA', sig], publicKey)).toBe(true);
    expect(verifyAnyRsaSha256(body, [undefined, 'AAAA'], publicKey)).toBe(false);
  });
});

describe('shared secrets', () => {
  it('compares in constant time whatever the lengths', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(matchesAny('t2', ['t1', 't2', 't3'])).toBe(true);
    expect(matchesAny('t4', ['t1', 't2'])).toBe(false);
    expect(matchesAny('t1', [])).toBe(false);
  });
  it('checks Basic auth and a shared header', () => {
    const basic = `Basic ${Buffer.from('magento:s3cret').toString('base64')}`;
    expect(verifyBasicAuth(basic, 'magento:s3cret')).toBe(true);
    expect(verifyBasicAuth(basic, 'magento:other')).toBe(false);
    expect(verifyBasicAuth('Bearer x', 'magento:s3cret')).toBe(false);
    expect(verifyBasicAuth(undefined, 'magento:s3cret')).toBe(false);
    expect(verifySharedHeader('tok', 'tok')).toBe(true);
    expect(verifySharedHeader('tok2', 'tok')).toBe(false);
  });
});

describe('PlentyONE sign key, wherever it sits', () => {
  const key = 'pk_9f2b7c';
  const none = () => undefined;
  const raw = Buffer.from('{"orderId":1}');
  const check = (over: Partial<Parameters<typeof verifyPlentySignKey>[0]> & { body?: unknown }) => {
    const { body, ...rest } = over;
    const text = body === undefined ? raw.toString() : JSON.stringify(body);
    return verifyPlentySignKey({ header: none, query: none, text, rawBody: Buffer.from(text), ...rest }, key);
  };

  it('finds it in a header, a bearer token, the query, or a body field (and says where)', () => {
    expect(check({ header: (n) => (n === 'x-plenty-sign-key' ? key : undefined) }).ok).toBe(true);
    expect(check({ header: (n) => (n === 'authorization' ? `Bearer ${key}` : undefined) }).ok).toBe(true);
    expect(check({ query: (n) => (n === 'signKey' ? key : undefined) }).ok).toBe(true);
    expect(check({ body: { signKey: key, orderId: 1 } })).toEqual({ ok: true, method: 'body' });
    expect(check({ body: { meta: { sign_key: key } } })).toEqual({ ok: true, method: 'body' });
    // Deeper, or inside an array, a field is data, not the credential.
    expect(check({ body: { a: { b: { signKey: key } } } }).ok).toBe(false);
    expect(check({ body: { list: [{ signKey: key }] } }).ok).toBe(false);
  });
  it('accepts an HMAC-SHA256 of the body made with the key', () => {
    const hex = createHmac('sha256', key).update(raw).digest('hex');
    expect(check({ header: (n) => (n === 'x-plenty-signature' ? `sha256=${hex}` : undefined) })).toEqual({ ok: true, method: 'hmac' });
  });
  it('refuses a wrong or missing key', () => {
    expect(check({}).ok).toBe(false);
    expect(check({ body: { signKey: 'nope' } }).ok).toBe(false);
    expect(check({ header: (n) => (n === 'x-plenty-sign-key' ? `${key}x` : undefined) }).ok).toBe(false);
  });
});
