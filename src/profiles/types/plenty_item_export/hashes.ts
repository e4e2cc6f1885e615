/** Content hashes of what was written, per aspect, so only what changed is written again. */
import { createHash } from 'node:crypto';

/** JSON with sorted keys, so equal content always gives the same hash. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function hashOf(value: unknown): string {
  return createHash('sha1').update(stable(value)).digest('hex');
}
