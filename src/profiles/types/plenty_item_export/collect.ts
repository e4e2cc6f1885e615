/**
 * Which products a run looks at: the SKUs named (ids), products changed since the watermark (delta,
 * REST `updated_at`), or everything (full). Configurables are scanned first so their children are
 * exported as their variations, not as items of their own; a changed child of an already exported
 * configurable brings its parent along.
 */
import type { MagentoClient, MagentoProduct } from '../../../connectors/magento/index.js';
import { searchCriteria, type SearchCriteria } from '../../../connectors/magento/index.js';
import type { Collected, RunContext } from '../../profile-type.js';
import type { ItemExportConfig } from './config.js';
import { VARIATION_ENTITY } from './record.js';

export interface RawProduct {
  sku: string;
  /** The product as the scan page returned it (saves a call); absent for ids runs. */
  product?: MagentoProduct;
}

interface Checkpoint { phase: 'configurable' | 'simple'; page: number }

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

  if (types.includes('configurable')) {
    const start = resume?.phase === 'configurable' ? resume.page + 1 : 1;
    // Children of configurables already done must be known again after a resume in the next phase.
    if (start > 1 || resume?.phase === 'simple') {
      for await (const page of magento.products.pages(base.where('type_id', 'configurable'), { signal: ctx.signal })) {
        if (resume?.phase === 'configurable' && page.page >= start) break;
        for (const p of page.items) for (const id of p.extension_attributes?.configurable_product_links ?? []) childIds.add(id);
      }
    }
    if (resume?.phase !== 'simple') {
      for await (const page of magento.products.pages(base.where('type_id', 'configurable').page(start), { signal: ctx.signal })) {
        for (const [i, p] of page.items.entries()) {
          for (const id of p.extension_attributes?.configurable_product_links ?? []) childIds.add(id);
          yield { key: p.sku, raw: { sku: p.sku, product: p }, checkpoint: i === page.items.length - 1 ? { phase: 'configurable', page: page.page } : undefined };
        }
      }
    }
  }

  const others = types.filter((t) => t !== 'configurable');
  if (others.length === 0) return;
  const start = resume?.phase === 'simple' ? resume.page + 1 : 1;
  const parentsSent = new Set<string>();
  for await (const page of magento.products.pages(base.where('type_id', others, 'in').page(start), { signal: ctx.signal })) {
    const invisible = page.items.filter((p) => !childIds.has(p.id) && p.visibility === 1).map((p) => p.sku);
    const links = await ctx.links.getMany(VARIATION_ENTITY, invisible);
    for (const [i, p] of page.items.entries()) {
      const cp = i === page.items.length - 1 ? { phase: 'simple', page: page.page } : undefined;
      if (childIds.has(p.id)) continue; // exported as a variation of its configurable
      const parent = links.get(p.sku)?.meta?.itemSku;
      if (typeof parent === 'string' && parent !== p.sku) {
        // A child changed on its own: its configurable is exported again (once per run).
        if (!parentsSent.has(parent)) {
          parentsSent.add(parent);
          yield { key: parent, raw: { sku: parent }, checkpoint: cp };
        }
        continue;
      }
      yield { key: p.sku, raw: { sku: p.sku, product: p }, checkpoint: cp };
    }
  }
}
