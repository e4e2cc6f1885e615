/**
 * Seeded randomness for the generator. Every record draws from its own stream, seeded by
 * hash(seed, kind, index), so record i is computed without touching records 0..i-1.
 */

/** FNV-1a over a string, used to turn seed strings and stream kinds into 32-bit numbers. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: spreads every input bit over the whole word. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const kindHashes = new Map<string, number>();
function kindHash(kind: string): number {
  let h = kindHashes.get(kind);
  if (h === undefined) {
    h = hashString(kind);
    kindHashes.set(kind, h);
  }
  return h;
}

/** 32-bit hash of (seed, kind, index); index may exceed 2^32 (it is folded in two halves). */
export function hash3(seed: number, kind: string, index: number): number {
  const low = index >>> 0;
  const high = Math.floor(index / 0x100000000) >>> 0;
  let h = fmix32(seed ^ 0x9e3779b9);
  h = fmix32(h ^ kindHash(kind));
  h = fmix32(h ^ low);
  return fmix32(h ^ high ^ 0x27d4eb2f);
}

/** Normalises a user seed (number or string) to an unsigned 32-bit integer. */
export function normalizeSeed(seed: number | string): number {
  if (typeof seed === 'number' && Number.isInteger(seed)) return seed >>> 0;
  return hashString(String(seed));
}

/** A small deterministic random stream (mulberry32) with the helpers the generator needs. */
export class Rng {
  private state: number;

  constructor(state: number) {
    this.state = state >>> 0;
  }

  static for(seed: number, kind: string, index: number): Rng {
    return new Rng(hash3(seed, kind, index));
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('Rng.pick from an empty list');
    return list[Math.floor(this.next() * list.length)] as T;
  }

  /** `count` distinct indexes of [0, size), in random order. */
  sample(size: number, count: number): number[] {
    const pool = Array.from({ length: size }, (_, i) => i);
    const n = Math.min(count, size);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (size - i));
      const tmp = pool[i] as number;
      pool[i] = pool[j] as number;
      pool[j] = tmp;
    }
    return pool.slice(0, n);
  }
}
