import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIN_SECRET_BYTES, entropyBytes, weakGatewaySecrets, weakSecretProblem } from '../../src/crypto/secret-strength.js';

describe('secret strength', () => {
  it('rates what `openssl rand` makes as strong, in every common encoding', () => {
    for (let i = 0; i < 200; i++) {
      for (const secret of [randomBytes(32).toString('base64'), randomBytes(32).toString('hex'), randomBytes(24).toString('hex'), randomBytes(32).toString('base64url')]) {
        expect(entropyBytes(secret), secret).toBeGreaterThanOrEqual(MIN_SECRET_BYTES);
      }
    }
  });

  it('rates short, repetitive and made-up secrets as weak', () => {
    for (const weak of ['', 'changeme', 'test-token-0123456789', 'admin-token-2024', 'a'.repeat(64), 'ab'.repeat(40), randomBytes(16).toString('hex'), randomBytes(12).toString('base64')]) {
      expect(entropyBytes(weak), weak).toBeLessThan(MIN_SECRET_BYTES);
    }
    expect(weakSecretProblem('changeme', 'the token')).toMatch(/^the token is too weak \(about \d+ bytes of entropy, at least 24 needed\): generate one with `openssl rand -base64 32`$/);
    expect(weakSecretProblem(randomBytes(32).toString('base64'), 'the token')).toBeUndefined();
  });

  it('names each weak gateway secret by its variable', () => {
    const strong = randomBytes(32).toString('base64url');
    expect(weakGatewaySecrets({ apiTokens: [strong], plenty: { signKey: strong } })).toEqual([]);
    expect(weakGatewaySecrets({ apiTokens: [strong, randomUUID().slice(0, 8)], plenty: { signKey: 'sandbox' } })).toEqual([
      expect.stringMatching(/^PLENTYGATE_API_TOKENS: token 2 is too weak/),
      expect.stringMatching(/^PLENTY_WEBHOOK_SIGN_KEY: the sign key is too weak/),
    ]);
  });
});
