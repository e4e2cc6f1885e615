/** What a chunk's links (the stock import's LinkTexts) say, as plain arrays for comparisons. */
import type { LinkTexts } from '../../../src/profiles/types/plenty_stock_import/skus.js';

export function listed(linked: LinkTexts): { skus: (string | undefined)[]; hashes: (string | null)[][] } {
  const positions = Array.from({ length: linked.size }, (_, i) => i);
  return {
    skus: positions.map((i) => linked.sku(i)),
    hashes: Array.from({ length: linked.aspects }, (_, a) => positions.map((i) => linked.hash(a, i))),
  };
}
