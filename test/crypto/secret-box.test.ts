import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/crypto/secret-box.js';

const box = new SecretBox(randomBytes(32));

/** Flips one bit of a base64 part of a sealed secret. */
function flip(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[part]!, 'base64');
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString('base64');
  return parts.join(':');
}

describe('SecretBox (AES-256-GCM)', () => {
  it('round-trips secrets, including empty and non-ASCII ones', () => {
    for (const secret of ['', 'hunter2', 'pässwörd ✓ 🔑', 'x'.repeat(10_000)]) {
      const sealed = box.seal(secret, 'plenty.password');
      expect(sealed).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
      expect(box.open(sealed, 'plenty.password')).toBe(secret);
    }
  });

  it('never stores the plaintext and never seals the same secret the same way twice', () => {
    const a = box.seal('hunter2-hunter2');
    const b = box.seal('hunter2-hunter2');
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(Buffer.from(a.split(':')[3]!, 'base64').toString('utf8')).not.toContain('hunter2');
  });

  it('refuses a secret that was tampered with: ciphertext, tag or iv', () => {
    const sealed = box.seal('the token', 'name');
    for (const part of [1, 2, 3] as const) {
      expect(() => box.open(flip(sealed, part), 'name')).toThrow('stored secret cannot be decrypted');
    }
  });

  it('refuses a truncated tag, a damaged format and another version', () => {
    const sealed = box.seal('the token');
    const [v, iv, tag, body] = sealed.split(':');
    const shortTag = Buffer.from(tag!, 'base64').subarray(0, 4).toString('base64');
    const bad = [
      [v, iv, shortTag, body].join(':'),
      [v, '', tag, body].join(':'),
      [v, iv, tag].join(':'),
      [v, iv, tag, body, 'extra'].join(':'),
      ['v2', iv, tag, body].join(':'),
      [v, iv, tag, '***'].join(':'),
      'plain text',
      '',
    ];
    for (const value of bad) {
      expect(() => box.open(value)).toThrow('stored secret is not in the v1 format');
    }
  });

  it('says the key is wrong when a secret was sealed with another key', () => {
    const sealed = new SecretBox(randomBytes(32)).seal('the token', 'name');
    expect(() => box.open(sealed, 'name')).toThrow(/^stored secret cannot be decrypted: PLENTYGATE_SECRET_KEY is not the key it was stored with/);
  });

  it('binds a secret to its associated data: a ciphertext copied to another name does not open', () => {
    const sealed = box.seal('magento token', 'magento.token');
    expect(() => box.open(sealed, 'plenty.password')).toThrow('stored secret cannot be decrypted');
    expect(() => box.open(sealed)).toThrow('stored secret cannot be decrypted');
    expect(box.open(sealed, 'magento.token')).toBe('magento token');
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow('SecretBox needs a 32-byte key, got 16 bytes');
  });
});
