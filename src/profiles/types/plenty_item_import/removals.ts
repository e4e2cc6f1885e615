/**
 * Magento products PlentyONE no longer has, per `deletions.mode`: disabled (links kept, marked so
 * the product is not disabled twice and is written in full if its variation comes back), deleted
 * (links removed, so a product created again with the SKU starts afresh) or left as they are.
 * - A child that left its configurable (its variation deleted, or its attribute values gone) is first
 *   unlinked (`DELETE /V1/configurable-products/{sku}/children/{childSku}`) in every mode. Only
 *   children linked to a PlentyONE variation are touched: a child added in Magento is Magento's own.
 * - A product whose variation or item was deleted (a delete callback, an `--ids` run of an id
 *   PlentyONE no longer has: vanished.ts) is disposed of the same way.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { MagentoProduct } from '../../../connectors/magento/schemas/product.js';
import type { Outcome } from '../../profile-type.js';
import type { Ctx } from './clients.js';
import { ASPECT, VARIATION_LINK, type ItemRecord, type VanishedProduct, type VanishedRecord } from './record.js';

/** The product hash of a product disabled because PlentyONE no longer has it (or it left its configurable). */
export const DISABLED = 'disabled';

const isMissing = (error: unknown) => error instanceof PermanentApiError && error.status === 404;

type Disposal = 'disabled' | 'deleted' | 'kept' | 'gone';

/** Disables or deletes one product per `deletions.mode`; its links follow. */
async function dispose(ctx: Ctx, magento: MagentoClient, product: VanishedProduct): Promise<Disposal> {
  const mode = ctx.config.deletions.mode;
  if (mode === 'ignore') return 'kept';
  try {
    if (mode === 'delete') await magento.products.delete(product.sku, { signal: ctx.signal });
    else {
      const link = await ctx.links.get(product.entityType, product.sku);
      if (link?.aspectHashes?.[ASPECT.product] === DISABLED) return 'kept';
      await magento.products.update(product.sku, { status: 2 }, { store: 'all', signal: ctx.signal });
    }
  } catch (error) {
    if (!isMissing(error)) throw error;
    await ctx.links.remove(product.entityType, product.sku);
    return 'gone';
  }
  if (mode === 'delete') {
    await ctx.links.remove(product.entityType, product.sku);
    return 'deleted';
  }
  await ctx.links.upsert({ entityType: product.entityType, magentoKey: product.sku, plentyId: product.plentyId, aspectHashes: { [ASPECT.product]: DISABLED } });
  return 'disabled';
}

const SAID: Record<Disposal, string> = {
  disabled: 'disabled', deleted: 'deleted', gone: 'already gone from Magento', kept: 'left as it is',
};

/** A delete callback's (or `--ids` run's) products: each disposed of, the outcome says how. */
export async function removeVanished(ctx: Ctx, magento: MagentoClient, record: VanishedRecord, key: string): Promise<Outcome> {
  const done: string[] = [];
  const results: Disposal[] = [];
  try {
    for (const product of record.products) {
      const result = await dispose(ctx, magento, product);
      results.push(result);
      done.push(`${product.sku} ${SAID[result]}`);
    }
  } catch (error) {
    if (!(error instanceof PermanentApiError)) throw error;
    return { key, result: 'failed', reason: `Magento refused to remove a product PlentyONE no longer has (${done.join(', ') || 'none removed yet'}): ${error.message}` };
  }
  const note = `PlentyONE no longer has it: ${done.join(', ')}.`;
  if (results.every((r) => r === 'kept')) {
    const why = ctx.config.deletions.mode === 'ignore' ? 'deletions.mode is "ignore"' : 'disabled before';
    return { key, result: 'skipped', reason: `${note} Nothing was changed in Magento (${why}).` };
  }
  return { key, result: 'updated', note };
}

/**
 * Children Magento links to the configurable that the item no longer has: unlinked, then disposed of.
 * Costs one read of the configurable's children, and only when Magento links a product the item
 * does not name. Answers what was done, for the outcome's note.
 */
export async function removeLeftChildren(ctx: Ctx, magento: MagentoClient, record: ItemRecord, parent: MagentoProduct | undefined, childIds: Map<string, number>): Promise<string[]> {
  if (!parent) return [];
  const current = new Set(childIds.values());
  if ((parent.extension_attributes?.configurable_product_links ?? []).every((id) => current.has(id))) return [];
  const wanted = new Set(record.children.map((c) => c.sku));
  const leaving = (await magento.products.children(record.main.sku, { store: 'all', signal: ctx.signal })).filter((c) => !wanted.has(c.sku));
  if (leaving.length === 0) return [];
  const linked = await ctx.links.getMany(VARIATION_LINK, leaving.map((c) => c.sku));
  const said: string[] = [];
  for (const child of leaving) {
    const link = linked.get(child.sku);
    if (!link) continue;
    try {
      await magento.products.unlinkChild(record.main.sku, child.sku, { signal: ctx.signal });
    } catch (error) {
      // Unlinked meanwhile (an earlier run that stopped before its links were written).
      if (!(error instanceof PermanentApiError && (error.status === 404 || /doesn't exist/i.test(error.message)))) throw error;
    }
    said.push(`${child.sku} unlinked and ${SAID[await dispose(ctx, magento, { sku: child.sku, entityType: VARIATION_LINK, plentyId: link.plentyId })]}`);
  }
  return said;
}
