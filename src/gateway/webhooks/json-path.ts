/** Reads a dot path (`data.order.increment_id`, `items.0.sku`) from parsed JSON. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The first of the paths that holds a usable scalar, as a string. */
export function firstScalar(value: unknown, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const found = asKey(readPath(value, path));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A string or number usable as an entity key; anything else is undefined. */
export function asKey(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 255) return value.trim();
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
