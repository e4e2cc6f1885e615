import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for credentials at rest. The stored form is `v1:<iv>:<tag>:<ciphertext>` (base64 parts), so
 * the format can change later without guessing. The associated data binds a secret to its name: a
 * ciphertext copied onto another credential's row does not decrypt.
 */
const IV_BYTES = 12;
// Always the full 16-byte tag: Node would otherwise accept a truncated tag, which is far easier to forge.
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error(`SecretBox needs a 32-byte key, got ${key.length} bytes`);
  }

  seal(plaintext: string, associatedData = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string, associatedData = ''): string {
    const parts = sealed.split(':');
    const [version, iv, tag, body] = parts;
    const ivBytes = iv !== undefined && BASE64.test(iv) ? Buffer.from(iv, 'base64') : undefined;
    const tagBytes = tag !== undefined && BASE64.test(tag) ? Buffer.from(tag, 'base64') : undefined;
    if (parts.length !== 4 || version !== 'v1' || ivBytes?.length !== IV_BYTES || tagBytes?.length !== TAG_BYTES || body === undefined || !BASE64.test(body)) {
      throw new Error('stored secret is not in the v1 format (v1:<iv>:<tag>:<ciphertext>): it was altered or not written by plentygate');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(tagBytes);
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      // GCM cannot tell these apart; the key is by far the most common cause, so it comes first.
      throw new Error(
        'stored secret cannot be decrypted: PLENTYGATE_SECRET_KEY is not the key it was stored with ' +
          '(or the stored value was altered, or belongs to another credential)',
      );
    }
  }
}
