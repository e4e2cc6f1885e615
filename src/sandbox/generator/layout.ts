/**
 * Which variations belong to which item, in O(1) per lookup without materialising the catalog.
 *
 * Variations are cut into blocks of BLOCK_SIZE. Each block is filled with items drawn from the
 * block's own random stream (simple items of 1 variation, configurables of 2..6), and items never
 * cross a block boundary. Only the number of items before each block is kept (4 bytes per block,
 * ~125 KB for 1,000,000 variations), which turns variation → item and item → variations into a
 * block lookup (plus a binary search over blocks for item → variations).
 */
import { Rng } from './prng.js';

export const BLOCK_SIZE = 32;
/** Share of items that are configurables. */
export const CONFIGURABLE_SHARE = 0.3;
export const MIN_CHILDREN = 2;
export const MAX_CHILDREN = 6;

export interface ItemSpan {
  readonly itemIndex: number;
  readonly firstVariationIndex: number;
  readonly variationCount: number;
}

export class ItemLayout {
  readonly variationCount: number;
  readonly itemCount: number;
  private readonly blockCount: number;
  /** itemsBefore[b] = number of items in blocks 0..b-1; itemsBefore[blockCount] = itemCount. */
  private readonly itemsBefore: Uint32Array;
  private cachedBlock = -1;
  private cachedSizes: number[] = [];

  constructor(
    private readonly seed: number,
    variationCount: number,
  ) {
    this.variationCount = variationCount;
    this.blockCount = Math.ceil(variationCount / BLOCK_SIZE);
    this.itemsBefore = new Uint32Array(this.blockCount + 1);
    for (let b = 0; b < this.blockCount; b++) {
      this.itemsBefore[b + 1] = (this.itemsBefore[b] as number) + this.computeBlock(b).length;
    }
    this.itemCount = this.itemsBefore[this.blockCount] as number;
  }

  /** Item sizes of block b, in order. */
  private computeBlock(b: number): number[] {
    const length = Math.min(BLOCK_SIZE, this.variationCount - b * BLOCK_SIZE);
    const rng = Rng.for(this.seed, 'block', b);
    const sizes: number[] = [];
    let left = length;
    while (left > 0) {
      let size = 1;
      if (left >= MIN_CHILDREN && rng.chance(CONFIGURABLE_SHARE)) {
        size = Math.min(left, rng.int(MIN_CHILDREN, MAX_CHILDREN));
      }
      sizes.push(size);
      left -= size;
    }
    return sizes;
  }

  private block(b: number): number[] {
    if (b !== this.cachedBlock) {
      this.cachedSizes = this.computeBlock(b);
      this.cachedBlock = b;
    }
    return this.cachedSizes;
  }

  /** The item a variation belongs to, and its position in it. */
  locateVariation(variationIndex: number): ItemSpan & { readonly position: number } {
    const b = Math.floor(variationIndex / BLOCK_SIZE);
    const sizes = this.block(b);
    let start = b * BLOCK_SIZE;
    let itemIndex = this.itemsBefore[b] as number;
    for (const size of sizes) {
      if (variationIndex < start + size) {
        return { itemIndex, firstVariationIndex: start, variationCount: size, position: variationIndex - start };
      }
      start += size;
      itemIndex++;
    }
    throw new RangeError(`variation index ${variationIndex} out of range`);
  }

  /** The variations of an item. */
  itemSpan(itemIndex: number): ItemSpan {
    // Last block whose itemsBefore <= itemIndex.
    let lo = 0;
    let hi = this.blockCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.itemsBefore[mid] as number) <= itemIndex) lo = mid;
      else hi = mid - 1;
    }
    const sizes = this.block(lo);
    let k = itemIndex - (this.itemsBefore[lo] as number);
    let start = lo * BLOCK_SIZE;
    for (const size of sizes) {
      if (k === 0) return { itemIndex, firstVariationIndex: start, variationCount: size };
      start += size;
      k--;
    }
    throw new RangeError(`item index ${itemIndex} out of range`);
  }
}
