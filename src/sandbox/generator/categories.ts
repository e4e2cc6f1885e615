/**
 * A four-level category tree (department → group → line → style), numbered breadth-first so parent
 * and children of any category are computed, not stored: `top` top-level categories, each level below
 * with `branching` children per category. At least 425 categories (5 · (1 + 4 + 16 + 64)), more for
 * large catalogs (about sqrt(variations)), as a real shop's navigation has.
 */
import { categoryIdOf } from './ids.js';
import { Rng } from './prng.js';
import { HISTORY_WINDOW_MS } from './time.js';
import type { Category, CategoryLevel, Language, Translated } from './types.js';
import { CATEGORY_WORDS, LANGUAGES, asciiSlug } from './vocabulary.js';

export const CATEGORY_LEVELS = 4;

export class CategoryTree {
  readonly top: number;
  readonly branching: number;
  readonly count: number;
  readonly leafCount: number;
  /** Index of the first category of each level (0-based level), plus the count at the end. */
  private readonly levelStart: number[];

  constructor(
    private readonly seed: number,
    private readonly epoch: number,
    variationCount: number,
  ) {
    this.top = (CATEGORY_WORDS[0] as readonly Translated[]).length;
    const perTop = Math.sqrt(variationCount) / this.top;
    this.branching = Math.max(4, Math.round(Math.cbrt(perTop)));
    this.levelStart = [0];
    let size = this.top;
    for (let level = 0; level < CATEGORY_LEVELS; level++) {
      this.levelStart.push((this.levelStart[level] as number) + size);
      size *= this.branching;
    }
    this.count = this.levelStart[CATEGORY_LEVELS] as number;
    this.leafCount = this.count - (this.levelStart[CATEGORY_LEVELS - 1] as number);
  }

  /** Index of the n-th leaf (deepest level) category. */
  leafIndex(n: number): number {
    return (this.levelStart[CATEGORY_LEVELS - 1] as number) + n;
  }

  category(index: number): Category {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new RangeError(`category index ${index} out of range 0..${this.count - 1}`);
    }
    const k = this.branching;
    let depth = 0;
    while (index >= (this.levelStart[depth + 1] as number)) depth++;
    const offset = index - (this.levelStart[depth] as number);
    const level = (depth + 1) as CategoryLevel;
    const parentIndex = depth === 0 ? null : (this.levelStart[depth - 1] as number) + Math.floor(offset / k);
    const position = depth === 0 ? offset + 1 : (offset % k) + 1;
    const childIndexes = depth === CATEGORY_LEVELS - 1 ? [] : range((this.levelStart[depth + 1] as number) + offset * k, k);
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
function categoryNames(level: CategoryLevel, position: number): Translated {
  const words = CATEGORY_WORDS[level - 1] as readonly Translated[];
  const word = words[(position - 1) % words.length] as Translated;
  const round = Math.floor((position - 1) / words.length);
  const suffix = round === 0 ? '' : ` ${round + 1}`;
  return { de: word.de + suffix, en: word.en + suffix, fr: word.fr + suffix };
}
