/**
 * A variation's market ident numbers (`marketNumbers` rows: Magento attribute → type and country).
 * Ids are kept in the link; while one is unknown (first write, a run that died, a number added in
 * PlentyONE) the variation's numbers are read once and adopted, so a number is never created twice.
 * A mapped number whose Magento attribute became empty is deleted.
 */
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { VariationState } from './link-state.js';
import type { VariationRecord } from './record.js';

const keyOf = (n: { type: string; countryId: number }) => `${n.type}:${n.countryId}`;

export async function writeMarketNumbers(
  v: VariationRecord,
  variation: VariationState,
  mapped: readonly { type: string; countryId: number }[],
  plenty: PlentyClient,
  signal: AbortSignal,
): Promise<void> {
  const { itemId, variationId } = variation;
  let ids = variation.marketNumberIds ?? {};
  const mappedKeys = new Set(mapped.map(keyOf));
  if (v.marketNumbers.some((n) => ids[keyOf(n)] === undefined) || variation.marketNumberIds === undefined) {
    const held = await plenty.items.marketNumbers.list(itemId, variationId, signal);
    ids = Object.fromEntries(held.filter((h) => mappedKeys.has(keyOf(h))).map((h) => [keyOf(h), h.id]));
  }
  for (const [position, n] of v.marketNumbers.entries()) {
    const body = { type: n.type, countryId: n.countryId, value: n.value, position };
    const id = ids[keyOf(n)];
    if (id === undefined) ids = { ...ids, [keyOf(n)]: (await plenty.items.marketNumbers.create(itemId, variationId, body, signal)).id };
    else await plenty.items.marketNumbers.update(itemId, variationId, id, body, signal);
  }
  const wanted = new Set(v.marketNumbers.map(keyOf));
  for (const [key, id] of Object.entries(ids)) {
    if (wanted.has(key) || !mappedKeys.has(key)) continue;
    await plenty.items.marketNumbers.delete(itemId, variationId, id, signal);
    const { [key]: _gone, ...rest } = ids;
    ids = rest;
  }
  variation.marketNumberIds = ids;
}
