import { createHmac, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';

export interface WebhookKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** RSA key pair for Commerce Webhooks signatures (Adobe Commerce generates one per store). */
export function generateWebhookKeys(): WebhookKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** Base64 RSA-SHA256 signature over the raw body (`x-adobe-commerce-webhook-signature`). */
export function rsaSign(body: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(body).sign(privateKeyPem, 'base64');
}

/** A new Standard Webhooks secret: `whsec_` + base64 of 24 random bytes. */
export function generateStandardSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * Standard Webhooks signature: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the
 * base64-decoded part of the secret after `whsec_`.
 */
export function standardSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}
