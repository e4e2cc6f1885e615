import { verify, type KeyObject } from 'node:crypto';

/**
 * Adobe Commerce webhook signatures (`x-adobe-commerce-webhook-signature`) and Adobe I/O Events digital
 * signatures (`x-adobe-digital-signature-1/-2`): base64 RSA-SHA256 over the raw body, checked with the
 * store's (or Adobe's) public key.
 */
export function verifyRsaSha256(body: Uint8Array, signatureBase64: string | undefined, key: KeyObject): boolean {
  if (!signatureBase64) return false;
  const signature = Buffer.from(signatureBase64.trim(), 'base64');
  if (signature.length === 0) return false;
  try {
    return verify('sha256', body, key, signature);
  } catch {
    return false;
  }
}

/** True when any of the given signatures verifies (I/O Events sends two, for key rotation). */
export function verifyAnyRsaSha256(body: Uint8Array, signatures: (string | undefined)[], key: KeyObject): boolean {
  let ok = false;
  for (const s of signatures) ok = verifyRsaSha256(body, s, key) || ok;
  return ok;
}
