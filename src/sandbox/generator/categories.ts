/**
 * A three-level category tree of roughly sqrt(variations) categories, numbered breadth-first so
 * parent and children of any category are computed, not stored: `top` top-level categories, each
 * with `branching` children, each of those with `branching` leaves.
 */
import { categoryIdOf } from './ids.js';
import { Rng } from './prng.js';
import { HISTORY_WINDOW_MS } from './time.js';
import type { Category, Language, Translated } from './types.js';
import { CATEGORY_WORDS, LANGUAGES, asciiSlug } from './vocabulary.js';

export class CategoryTree {
  readonly top: number;
  readonly branching: number;
  readonly count: number;
  readonly leafCount: number;
  private readonly level2Start: number;
  private readonly level3Start: number;

  constructor(
    private readonly seed: number,
    private readonly epoch: number,
    variationCount: number,
  ) {
    const target = Math.max(3, Math.round(Math.sqrt(variationCount)));
    const k = Math.max(1, Math.round(Math.cbrt(target)));
    this.top = Math.max(2, k);
    this.branching = k;
    this.level2Start = this.top;
    this.level3Start = this.top + this.top * k;
    this.leafCount = this.top * k * k;
    this.count = this.level3Start + this.leafCount;
  }

  /** Index of the n-th leaf (level 3) category. */
  leafIndex(n: number): number {
    return this.level3Start + n;
  }

  category(index: number): Category {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new RangeError(`category index ${index} out of range 0..${this.count - 1}`);
    }
    const k = this.branching;
    let level: 1 | 2 | 3;
    let parentIndex: number | null;
    let position: number;
    let childIndexes: number[];
    if (index < this.level2Start) {
      level = 1;
      parentIndex = null;
      position = index + 1;
      childIndexes = range(this.level2Start + index * k, k);
    } else if (index < this.level3Start) {
      level = 2;
      const offset = index - this.level2Start;
      parentIndex = Math.floor(offset / k);
      position = (offset % k) + 1;
      childIndexes = range(this.level3Start + offset * k, k);
    } else {
      level = 3;
      const offset = index - this.level3Start;
      parentIndex = this.level2Start + Math.floor(offset / k);
      position = (offset % k) + 1;
      childIndexes = [];
    }
    const names = categoryNames(level, position);
    const urlKeys = Object.fromEntries(
      LANGUAGES.map((lang) => [lang, asciiSlug(names[lang])]),
    ) as Record<Language, string>;
    const rng = Rng.for(this.seed, 'category', index);
    return {
      index,
      categoryId: categoryIdOf(index),
      level,
      parentIndex,
      parentCategoryId: parentIndex === null ? null : categoryIdOf(parentIndex),
      position,
      names,
      urlKeys,
      childIndexes,
      updatedAt: this.epoch - rng.int(0, HISTORY_WINDOW_MS / 1000) * 1000,
    };
  }

  /** Indexes of the categories on the way from the top level down to `index` (inclusive). */
  path(index: number): number[] {
    const path: number[] = [];
    let current: number | null = index;
    while (current !== null) {
      path.unshift(current);
      current = this.category(current).parentIndex;
    }
    return path;
  }
}

function range(start: number, length: number): number[] {
  return Array.from({ length }, (_, i) => start + i);
}

/** Sibling names cycle through the word list; later rounds get a number ("Jacken 2"). */
function categoryNames(level: 1 | 2 | 3, position: number): Translated {
  const words = CATEGORY_WORDS[level - 1] as readonly Translated[];
  const word = words[(position - 1) % words.length] as Translated;
  const round = Math.floor((position - 1) / words.length);
  const suffix = round === 0 ? '' : ` ${round + 1}`;
  return { de: word.de + suffix, en: word.en + suffix, fr: word.fr + suffix };
}
