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
import { and, eq, inArray, sql } from 'drizzle-orm';
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { MagentoProduct } from '../../../connectors/magento/schemas/product.js';
import { entityLinks } from '../../../db/schema/index.js';
import type { Outcome } from '../../profile-type.js';
import type { Ctx } from './clients.js';
import { ASPECT, ITEM_LINK, VARIATION_LINK, type ItemRecord, type VanishedProduct, type VanishedRecord } from './record.js';

/** The product hash of a product disabled because PlentyONE no longer has it (or it left its configurable). */
export const DISABLED = 'disabled';

const isMissing = (error: unknown) => error instanceof PermanentApiError && error.status === 404;

type Disposal = 'disabled' | 'deleted' | 'kept' | 'gone';

/** A product gone from Magento: its links go (a simple product the item export made has two under its SKU). */
async function unlinkSku(ctx: Ctx, sku: string): Promise<void> {
  await ctx.links.remove(VARIATION_LINK, sku);
  await ctx.links.remove(ITEM_LINK, sku);
}

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
    await unlinkSku(ctx, product.sku);
    return 'gone';
  }
  if (mode === 'delete') {
    await unlinkSku(ctx, product.sku);
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

/**
 * Items written as simple products now whose configurable (item link) is still there: their
 * variations lost their attribute values. Answers the configurable per item id.
 */
export async function formerConfigurables(ctx: Ctx, records: ItemRecord[]): Promise<Map<number, VanishedProduct>> {
  const simple = records.filter((r) => r.type !== 'configurable');
  if (simple.length === 0) return new Map();
  // The item export links a simple product's item under the product's own SKU: that is not a configurable.
  const own = new Set(simple.flatMap((r) => [r.main, ...r.children].map((d) => d.sku)));
  const rows = await ctx.db.select({ magentoKey: entityLinks.magentoKey, plentyId: entityLinks.plentyId }).from(entityLinks)
    .where(and(
      eq(entityLinks.entityType, ITEM_LINK), inArray(entityLinks.plentyId, simple.map((r) => String(r.itemId))),
      sql`coalesce(${entityLinks.aspectHashes}->>${ASPECT.product}, '') <> ${DISABLED}`,
    ));
  return new Map(rows.filter((r) => !own.has(r.magentoKey)).map((r) => [Number(r.plentyId), { sku: r.magentoKey, entityType: ITEM_LINK, plentyId: r.plentyId }]));
}

/** The outcome of an item whose configurable is gone, with the configurable disposed of per `deletions.mode`. */
export async function retireConfigurable(ctx: Ctx, magento: MagentoClient, configurable: VanishedProduct, outcome: Outcome): Promise<Outcome> {
  if (outcome.result !== 'created' && outcome.result !== 'updated') return outcome;
  try {
    const said = SAID[await dispose(ctx, magento, configurable)];
    return { ...outcome, note: [outcome.note, `Its variations have no attribute values any more: configurable ${configurable.sku} ${said}.`].filter(Boolean).join(' ') };
  } catch (error) {
    if (!(error instanceof PermanentApiError)) throw error;
    return { key: outcome.key, result: 'failed', reason: `Magento refused to retire the configurable ${configurable.sku} of an item without attribute values any more: ${error.message}` };
  }
}
