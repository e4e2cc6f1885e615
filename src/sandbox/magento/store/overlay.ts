/**
 * Overlay over generated records: a map of records written through the API that falls back to the
 * generated record, with tombstones for deletions. Generated records cost no memory until written.
 */
const TOMBSTONE: unique symbol = Symbol('deleted');

export class Overlay<K, V> {
  private readonly written = new Map<K, V | typeof TOMBSTONE>();

  constructor(private readonly generate: (key: K) => V | undefined) {}

  get(key: K): V | undefined {
    const hit = this.written.get(key);
    if (hit === TOMBSTONE) return undefined;
    return hit ?? this.generate(key);
  }

  set(key: K, value: V): void {
    this.written.set(key, value);
  }

  delete(key: K): void {
    this.written.set(key, TOMBSTONE);
  }

  /** True when the key was written (or deleted) through the API. */
  isWritten(key: K): boolean {
    return this.written.has(key);
  }

  /** Records written through the API (not tombstones), in write order. */
  *writtenValues(): IterableIterator<[K, V]> {
    for (const [key, value] of this.written) if (value !== TOMBSTONE) yield [key, value];
  }

  get writtenCount(): number {
    return this.written.size;
  }
}
