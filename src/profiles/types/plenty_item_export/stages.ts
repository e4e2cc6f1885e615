/**
 * Run stages of the item export: collect Magento products (ids / delta / full), read each with its
 * store views and children, build the PlentyONE record, and write only the aspects whose hash changed.
 * Prices of a whole batch go out together through the bulk route.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import { connectorsOf } from '../../../connectors/services.js';
import type { Outcome, RunContext, RunStages } from '../../profile-type.js';
import { collectProducts, WATERMARK_KEY, type RawProduct } from './collect.js';
import type { ItemExportConfig } from './config.js';
import { productMediaBase, readProduct } from './magento-source.js';
import { buildRecord, VARIATION_ENTITY, type ExportRecord } from './record.js';
import { checkReferences } from './references.js';
import { itemLink, variationLink } from './link-state.js';
import { writeItem, type PendingPrices } from './write-item.js';

type Ctx = RunContext<ItemExportConfig>;

// Asked once per run (the context object lives as long as the run).
const mediaBases = new WeakMap<object, Promise<string>>();

const connections = (ctx: Ctx) => ({
  magento: () => connectorsOf(ctx).magento(ctx.config.connection.magento),
  plenty: () => connectorsOf(ctx).plenty(ctx.config.connection.plenty),
});

function filterReason(record: { status?: number | undefined; type_id?: string | undefined; attribute_set_id?: number | undefined }, config: ItemExportConfig): string | undefined {
  if (config.filters.onlyEnabled && record.status !== 1) return 'disabled in Magento (filters.onlyEnabled)';
  const type = record.type_id ?? 'simple';
  if (!(config.filters.productTypes as string[]).includes(type)) return `product type "${type}" is not exported (filters.productTypes)`;
  const set = record.attribute_set_id;
  if (config.filters.attributeSetIds.length && set !== undefined && !config.filters.attributeSetIds.includes(set)) {
    return `attribute set ${set} is not exported (filters.attributeSetIds)`;
  }
  return undefined;
}

export const itemExportStages: RunStages<ItemExportConfig, RawProduct, ExportRecord> = {
  async *collect(ctx, checkpoint) {
    const { magento, plenty } = connections(ctx);
    await checkReferences(ctx.config, await plenty(), ctx.signal);
    yield* collectProducts(ctx, await magento(), checkpoint);
  },

  async transform(raw, ctx) {
    const magento = await connections(ctx).magento();
    let sku = raw.sku;
    let known = raw.product;
    if (!known || known.type_id !== 'configurable') {
      // A child named on its own (webhook) is exported with its configurable.
      const link = await ctx.links.get(VARIATION_ENTITY, sku);
      const parent = link?.meta?.itemSku;
      if (typeof parent === 'string' && parent !== sku) {
        sku = parent;
        known = undefined;
      }
    }
    const source = await readProduct(magento, sku, ctx.config.storeMapping, known, ctx.signal);
    const skip = filterReason(source.product, ctx.config);
    if (skip) return { kind: 'skip', sku, reason: `Not exported: ${skip}.` };
    if (source.product.type_id !== 'configurable' && source.product.visibility === 1 && !ctx.config.configurables.exportInvisibleChildren) {
      return { kind: 'skip', sku, reason: 'Not exported: not visible individually (configurables.exportInvisibleChildren is off).' };
    }
    let mediaBase = mediaBases.get(ctx);
    if (!mediaBase) {
      mediaBase = productMediaBase(magento, ctx.signal);
      mediaBases.set(ctx, mediaBase);
      mediaBase.catch(() => mediaBases.delete(ctx));
    }
    return buildRecord(source, ctx.config, ctx.links, ctx.config.media.enabled ? await mediaBase : '');
  },

  async process(batch, ctx) {
    const plenty = await connections(ctx).plenty();
    const plentyIds = [...new Set(ctx.config.storeMapping.map((r) => r.plentyId))];
    const prices: PendingPrices = { create: [], update: [], after: [] };
    const outcomes: Outcome[] = [];
    const results: { key: string; write: Awaited<ReturnType<typeof writeItem>> }[] = [];
    for (const { key, record } of batch) {
      if (record.kind === 'skip') {
        outcomes.push({ key, result: 'skipped', reason: record.reason });
        continue;
      }
      try {
        const write = await writeItem(record, { plenty, links: ctx.links, plentyIds, signal: ctx.signal }, prices);
        results.push({ key, write });
        if (record.unlinkedCategories.length) {
          ctx.log.warn({ sku: record.sku, categories: record.unlinkedCategories }, 'categories not linked to PlentyONE yet; assignment left out');
        }
      } catch (error) {
        // PlentyONE refused this product (422, 404): the others go on; anything else ends the run.
        if (!(error instanceof PermanentApiError)) throw error;
        outcomes.push({ key, result: 'failed', reason: `PlentyONE refused ${record.sku}: ${error.message}` });
      }
    }
    await plenty.items.savePrices('create', prices.create, ctx.signal);
    await plenty.items.savePrices('update', prices.update, ctx.signal);
    for (const done of prices.after) done();
    await ctx.links.upsertMany(results.flatMap(({ write }) => [itemLink(write.item), ...write.variations.map(variationLink)]));
    for (const { key, write } of results) {
      const record = batch.find((b) => b.key === key)?.record;
      const unlinked = record?.kind === 'item' && record.unlinkedCategories.length
        ? ` Categories ${record.unlinkedCategories.join(', ')} are not linked to PlentyONE yet (run the category export); they were left out.`
        : '';
      if (write.created) outcomes.push({ key, result: 'created' });
      else if (write.written.length) outcomes.push({ key, result: 'updated' });
      else outcomes.push({ key, result: 'skipped', reason: `Unchanged since the last export.${unlinked}` });
    }
    return outcomes;
  },

  async finish(ctx, summary) {
    if (ctx.run.input.mode === 'ids' || summary.status === 'failed' || summary.status === 'paused') return;
    // The next delta starts where this run started (less the overlap), so changes made during it count.
    await ctx.state.set(WATERMARK_KEY, ctx.run.startedAt.toISOString());
  },
};
