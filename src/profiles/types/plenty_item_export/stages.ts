/**
 * Run stages of the item export: collect Magento products (ids / delta / full) with their store views
 * and children, build the PlentyONE record, and write only the aspects whose hash changed (write-batch.ts).
 */
import { connectorsOf } from '../../../connectors/services.js';
import type { Outcome, RunContext, RunStages } from '../../profile-type.js';
import { collectProducts, WATERMARK_KEY, type RawProduct } from './collect.js';
import type { ItemExportConfig } from './config.js';
import { productMediaBase, readProduct } from './magento-source.js';
import { buildRecord, ITEM_ENTITY, loadReferences, VARIATION_ENTITY, type ExportRecord, type ItemRecord } from './record.js';
import { checkReferences } from './references.js';
import { applyDeletion, isMissing } from './deletions.js';
import { withChecksums } from './images.js';
import { deleteVanished } from './deleted-scan.js';
import { attributeResolver, type AttributeResolver } from './attribute-values.js';
import { writeBatch } from './write-batch.js';
import { propertyResolver, type PropertyResolver } from './properties.js';
import { previewItems } from './preview.js';
import { plannedWritesOf } from './planned-writes.js';
import { wantedLinks, writeCrossSells } from './cross-sells.js';
import { urlPaths, type UrlPaths } from './url-paths.js';
import { parentFinder, type ParentFinder } from './child-parents.js';

type Ctx = RunContext<ItemExportConfig>;

// Asked once per run (the context object lives as long as the run).
const mediaBases = new WeakMap<object, Promise<string>>();
const resolvers = new WeakMap<object, Promise<AttributeResolver>>();
const propertyResolvers = new WeakMap<object, Promise<PropertyResolver>>();
const urlPathMakers = new WeakMap<object, Promise<UrlPaths>>();
const parentFinders = new WeakMap<object, Promise<ParentFinder>>();

type ResolverDeps = Parameters<typeof attributeResolver>[0];

/** One resolver of a kind per run, made once both connections are up (forgotten again if that fails). */
function perRun<T>(cache: WeakMap<object, Promise<T>>, ctx: Ctx, make: (deps: ResolverDeps) => T): Promise<T> {
  let resolver = cache.get(ctx);
  if (!resolver) {
    const { magento, plenty } = connections(ctx);
    resolver = Promise.all([magento(), plenty()]).then(([m, p]) => make({ config: ctx.config, links: ctx.links, magento: m, plenty: p, signal: ctx.signal, planned: plannedWritesOf(ctx) }));
    cache.set(ctx, resolver);
    resolver.catch(() => cache.delete(ctx));
  }
  return resolver;
}

const resolverOf = (ctx: Ctx) => perRun(resolvers, ctx, attributeResolver);
const propertiesOf = (ctx: Ctx) => perRun(propertyResolvers, ctx, propertyResolver);
const urlPathsOf = (ctx: Ctx) => perRun(urlPathMakers, ctx, urlPaths);
const parentsOf = (ctx: Ctx) => perRun(parentFinders, ctx, parentFinder);

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
    let prepared = raw.prepared;
    let childAlone = false;
    /** The child's configurable had no item yet: it is exported whole, whatever exportParentOnChildSave says. */
    let parentFirst = false;
    if (!prepared) {
      // A child named on its own (webhook) is exported with its configurable: the whole item, or only
      // its own variation (configurables.exportParentOnChildSave).
      const link = await ctx.links.get(VARIATION_ENTITY, raw.sku);
      const parent = link?.meta?.itemSku;
      childAlone = typeof parent === 'string' && parent !== raw.sku;
      let source;
      try {
        source = await readProduct(magento, childAlone ? String(parent) : raw.sku, ctx.config.storeMapping, ctx.signal);
      } catch (error) {
        // Magento has no such product (deleted): deletions.mode says what happens in PlentyONE.
        if (isMissing(error) && !childAlone) return { kind: 'delete', sku: raw.sku };
        throw error;
      }
      if (!link && source.product.type_id !== 'configurable' && source.product.visibility === 1) {
        // Not visible individually and never exported: perhaps a child saved before its configurable
        // was exported. Its configurable, when it has one that is exported, is exported with it.
        const parentSku = await (await parentsOf(ctx)).parentOf(source.product.id);
        const parentSource = parentSku === undefined ? undefined : await readProduct(magento, parentSku, ctx.config.storeMapping, ctx.signal);
        if (parentSource && !filterReason(parentSource.product, ctx.config)) {
          source = parentSource;
          childAlone = true;
          parentFirst = !(await ctx.links.get(ITEM_ENTITY, parentSource.product.sku));
        }
      }
      if (childAlone && !source.children.some((c) => c.sku === raw.sku)) {
        // The child is gone from its configurable (deleted, or unlinked): its own variation is what changed.
        try {
          await magento.products.get(raw.sku, { signal: ctx.signal });
        } catch (error) {
          if (isMissing(error)) return { kind: 'delete', sku: raw.sku };
          throw error;
        }
      }
      prepared = { source, refs: await loadReferences([source], ctx.config, ctx.links) };
      // Kept on the collected record: the mapping layer reads the product from it (mapping-fields.ts).
      raw.prepared = prepared;
    }
    const { source, refs } = prepared;
    const sku = source.product.sku;
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
    let codes: string[] = [];
    if (source.product.type_id === 'configurable') {
      const resolver = await resolverOf(ctx);
      codes = await resolver.superCodes(source.product);
      await resolver.resolve(source, codes, refs);
    }
    const record = buildRecord(source, ctx.config, refs, ctx.config.media.enabled ? await mediaBase : '', codes);
    if (ctx.config.media.checksum) record.images = await withChecksums(record.images, ctx.signal);
    const crossSells = wantedLinks(source.product, ctx.config.crossSells);
    if (crossSells) record.crossSells = crossSells;
    if (ctx.config.urls.pattern !== undefined || Object.keys(ctx.config.urls.byLanguage).length) await (await urlPathsOf(ctx)).fill(record, source);
    await (await propertiesOf(ctx)).fill(record, source, codes);
    if (!childAlone || parentFirst || ctx.config.configurables.exportParentOnChildSave) return record;
    return { ...record, variations: record.variations.filter((v) => v.sku === raw.sku), variationsOnly: true };
  },

  preview: previewItems,

  async process(batch, ctx) {
    const plenty = await connections(ctx).plenty();
    const plentyIds = [...new Set(ctx.config.storeMapping.map((r) => r.plentyId))];
    const outcomes: Outcome[] = [];
    const items: { key: string; record: ItemRecord }[] = [];
    for (const { key, record } of batch) {
      if (record.kind === 'skip') outcomes.push({ key, result: 'skipped', reason: record.reason });
      else if (record.kind === 'delete') outcomes.push(await applyDeletion(key, record, { plenty, links: ctx.links, config: ctx.config, signal: ctx.signal }));
      else items.push({ key, record });
    }
    const written = await writeBatch(items, { plenty, links: ctx.links, db: ctx.db, plentyIds, media: ctx.config.media,
      marketNumbers: ctx.config.marketNumbers,
      properties: { mapped: await (await propertiesOf(ctx)).managed(), removeEmptied: ctx.config.deletions.properties },
      removals: { categories: ctx.config.deletions.categories, barcodes: ctx.config.deletions.barcodes ? ctx.config.barcodes.map((b) => b.barcodeId) : [] },
      signal: ctx.signal,
    });
    const changed = new Set(written.filter((o) => o.result !== 'skipped').map((o) => o.key));
    const unlinked = [...new Set(items.filter((i) => changed.has(i.key)).flatMap((i) => i.record.unlinkedCategories))];
    if (unlinked.length) ctx.log.warn({ categories: unlinked }, 'categories not linked to PlentyONE yet; assignment left out');
    const crossSelling = Object.values(ctx.config.crossSells).some((r) => r !== undefined);
    return [...outcomes, ...(crossSelling ? await writeCrossSells(items, written, { plenty, links: ctx.links, removeDeleted: ctx.config.deletions.crossSells, signal: ctx.signal }) : written)];
  },

  async finish(ctx, summary) {
    if (ctx.run.input.mode === 'ids' || summary.status === 'failed' || summary.status === 'paused') return;
    if (ctx.run.input.mode === 'full' && ctx.config.deletions.mode !== 'ignore') {
      const { magento, plenty } = connections(ctx);
      const { checked, removed } = await deleteVanished(ctx, await magento(), await plenty());
      if (removed.length) ctx.log.info({ removed, checked, mode: ctx.config.deletions.mode }, 'variations of products Magento no longer has were removed');
    }
    // The next delta starts where this run started (less the overlap), so changes made during it count.
    await ctx.state.set(WATERMARK_KEY, ctx.run.startedAt.toISOString());
  },
};
