import { secretsEqual } from './constant-time.js';

/** HTTP Basic authentication against `user:password`, compared in constant time. */
export function verifyBasicAuth(authorization: string | undefined, expected: string): boolean {
  if (!authorization) return false;
  const match = /^Basic\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  return secretsEqual(decoded, expected);
}

/** A shared-secret header (`X-Webhook-Token: …`) compared in constant time. */
export function verifySharedHeader(value: string | undefined, expected: string): boolean {
  if (value === undefined) return false;
  return secretsEqual(value.trim(), expected);
}
