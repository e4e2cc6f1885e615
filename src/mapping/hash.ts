import { createHash } from 'node:crypto';

/**
 * A record's hash with what the mapping wrote folded in (same length as before): a type that skips
 * unchanged records by hash then writes again when its mapping changes what it sends.
 */
export function withMappingDigest(hash: string, digest: string): string {
  return createHash('sha256').update(`${hash}:${digest}`).digest('hex').slice(0, hash.length || 32);
}
