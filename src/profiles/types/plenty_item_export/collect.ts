/**
 * Which products a run looks at: the SKUs named (ids), products changed since the watermark (delta,
 * REST `updated_at`), or everything (full). Configurables are scanned first so their children are
 * exported as their variations, not as items of their own; a changed child of an already exported
 * configurable brings its parent along. A scanned page is read whole (store views, children, links)
 * before its records go out, the next page while they are written, and every record carries a
 * checkpoint, so a resumed run starts right after the last record of its last finished batch.
 */
import type { MagentoClient, MagentoProduct } from '../../../connectors/magento/index.js';
import { searchCriteria, type SearchCriteria } from '../../../connectors/magento/index.js';
import type { Collected, RunContext } from '../../profile-type.js';
import { oneAhead } from '../../read-ahead.js';
import type { ItemExportConfig } from './config.js';
import { readPage, type SourceProduct } from './magento-source.js';
import { loadReferences, VARIATION_ENTITY, type References } from './record.js';

export interface RawProduct {
  sku: string;
  /** Read with its page: the transform needs no call. Absent for SKUs named on their own. */
  prepared?: { source: SourceProduct; refs: References };
}

type Phase = 'configurable' | 'simple';
/** `index`: the last record done on `page`; absent: the whole page is done. */
interface Checkpoint { phase: Phase; page: number; index?: number }

export const WATERMARK_KEY = 'watermark';

/** Where a delta scan starts (watermark minus overlap), or undefined for everything. */
export async function deltaSince(ctx: RunContext<ItemExportConfig>): Promise<Date | undefined> {
  const input = ctx.run.input;
  if (input.mode === 'full') return undefined;
  if (input.since) return new Date(input.since);
  const mark = await ctx.state.get<string>(WATERMARK_KEY);
  if (mark) return new Date(Date.parse(mark) - ctx.config.collection.overlapSeconds * 1000);
  return ctx.config.collection.initialSince ? new Date(ctx.config.collection.initialSince) : undefined;
}

/** First page of a phase to fetch, and how many of its records were done already. */
function resumeAt(phase: Phase, resume: Checkpoint | undefined): { page: number; done: number } {
  if (resume?.phase !== phase) return { page: 1, done: 0 };
  return resume.index === undefined ? { page: resume.page + 1, done: 0 } : { page: resume.page, done: resume.index + 1 };
}

const checkpointAt = (phase: Phase, page: { page: number; items: unknown[] }, i: number): Checkpoint =>
  i === page.items.length - 1 ? { phase, page: page.page } : { phase, page: page.page, index: i };

async function prepare(ctx: RunContext<ItemExportConfig>, magento: MagentoClient, products: MagentoProduct[]) {
  const sources = await readPage(magento, products, ctx.config.storeMapping, ctx.signal);
  const refs = await loadReferences([...sources.values()], ctx.config, ctx.links);
  return (sku: string): RawProduct => {
    const source = sources.get(sku);
    return source ? { sku, prepared: { source, refs } } : { sku };
  };
}

export async function* collectProducts(
  ctx: RunContext<ItemExportConfig>,
  magento: MagentoClient,
  checkpoint: unknown,
): AsyncGenerator<Collected<RawProduct>> {
  const input = ctx.run.input;
  if (input.mode === 'ids') {
    for (const sku of new Set(input.ids ?? [])) yield { key: sku, raw: { sku } };
    return;
  }
  const config = ctx.config;
  const since = await deltaSince(ctx);
  let base: SearchCriteria = searchCriteria().sortBy('entity_id').pageSize(config.collection.pageSize);
  if (since) base = base.where('updated_at', since, 'gt');
  if (config.filters.attributeSetIds.length) base = base.where('attribute_set_id', config.filters.attributeSetIds, 'in');
  const resume = checkpoint as Checkpoint | undefined;
  const childIds = new Set<number>();
  const types = config.filters.productTypes;
  const addChildren = (p: MagentoProduct) => {
    for (const id of p.extension_attributes?.configurable_product_links ?? []) childIds.add(id);
  };

  if (types.includes('configurable')) {
    const configurables = base.where('type_id', 'configurable');
    const at = resumeAt('configurable', resume);
    // Children of configurables already done must be known again after a resume.
    if (at.page > 1 || resume?.phase === 'simple') {
      for await (const page of magento.products.pages(configurables, { signal: ctx.signal })) {
        if (resume?.phase === 'configurable' && page.page >= at.page) break;
        page.items.forEach(addChildren);
      }
    }
    if (resume?.phase !== 'simple') {
      const pages = magento.products.pages(configurables.page(at.page), { signal: ctx.signal });
      for await (const { page, done, raw } of oneAhead(pages, async (page) => {
        page.items.forEach(addChildren);
        const done = page.page === at.page ? at.done : 0;
        return { page, done, raw: await prepare(ctx, magento, page.items.slice(done)) };
      })) {
        for (let i = done; i < page.items.length; i++) {
          const sku = page.items[i]!.sku;
          yield { key: sku, raw: raw(sku), checkpoint: checkpointAt('configurable', page, i) };
        }
      }
    }
  }

  const others = types.filter((t) => t !== 'configurable');
  if (others.length === 0) return;
  const at = resumeAt('simple', resume);
  const parentsSent = new Set<string>();
  const pages = magento.products.pages(base.where('type_id', others, 'in').page(at.page), { signal: ctx.signal });
  for await (const { page, done, parentOf, raw } of oneAhead(pages, async (page) => {
    const done = page.page === at.page ? at.done : 0;
    const candidates = page.items.slice(done).filter((p) => !childIds.has(p.id));
    const links = await ctx.links.getMany(VARIATION_ENTITY, candidates.map((p) => p.sku));
    const parentOf = (p: MagentoProduct) => {
      const parent = links.get(p.sku)?.meta?.itemSku;
      return typeof parent === 'string' && parent !== p.sku ? parent : undefined;
    };
    return { page, done, parentOf, raw: await prepare(ctx, magento, candidates.filter((p) => parentOf(p) === undefined)) };
  })) {
    for (let i = done; i < page.items.length; i++) {
      const p = page.items[i]!;
      const cp = checkpointAt('simple', page, i);
      if (childIds.has(p.id)) continue; // exported as a variation of its configurable
      const parent = parentOf(p);
      if (parent !== undefined) {
        // A child changed on its own: its configurable is exported again (once per run), or only the
        // child's variation (configurables.exportParentOnChildSave off).
        if (!config.configurables.exportParentOnChildSave) {
          yield { key: p.sku, raw: { sku: p.sku }, checkpoint: cp };
        } else if (!parentsSent.has(parent)) {
          parentsSent.add(parent);
          yield { key: parent, raw: { sku: parent }, checkpoint: cp };
        }
        continue;
      }
      yield { key: p.sku, raw: raw(p.sku), checkpoint: cp };
    }
  }
}
