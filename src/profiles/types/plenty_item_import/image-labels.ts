/**
 * Gallery labels from PlentyONE image names (`images.labels`): the name or the alternative text in
 * each mapped store view's language. The first store mapping row's label is the entry's global label
 * (written in `/rest/all`); every other mapped store view gets its own (Magento keeps labels per store
 * view in `catalog_product_entity_media_gallery_value`, written by a save in that view's scope).
 * PlentyONE's image and PIM answers carry no names (ItemImage has none), so each new or changed image
 * costs one `GET /rest/items/{id}/images/{imageId}/names`.
 */
import type { ImageName, PimImage } from '../../../connectors/plenty/schemas/pim.js';
import { plentyOf, type Ctx } from './clients.js';

export interface EntryLabels {
  /** Label of the global scope (the first store mapping row's language). */
  global: string;
  /** Store view code → its label (the other store mapping rows). */
  stores: Record<string, string>;
}

const NONE: EntryLabels = { global: '', stores: {} };

/** Store views written in their own scope: the mapped views after the first (none while labels are off). */
export function labelStores(ctx: Ctx): string[] {
  if (ctx.config.images.labels === 'off') return [];
  return [...new Set(ctx.config.storeMapping.slice(1).map((r) => r.storeView))].filter((s) => s !== ctx.config.storeMapping[0]?.storeView);
}

function labelIn(names: ImageName[], lang: string, mode: 'name' | 'alternate'): string {
  const row = names.find((n) => n.lang === lang);
  if (!row) return '';
  return (mode === 'alternate' ? row.alternate || row.name : row.name) ?? '';
}

/** The labels of one image per scope; reads its names from PlentyONE unless labels are off. */
export async function labelsOf(ctx: Ctx, itemId: number, image: PimImage): Promise<EntryLabels> {
  const mode = ctx.config.images.labels;
  if (mode === 'off') return NONE;
  const plenty = await plentyOf(ctx);
  const names = await plenty.pim.imageNames(itemId, image.id, ctx.signal);
  const first = ctx.config.storeMapping[0];
  const stores: Record<string, string> = {};
  for (const row of ctx.config.storeMapping.slice(1)) {
    if (row.storeView !== first?.storeView) stores[row.storeView] = labelIn(names, row.language, mode);
  }
  return { global: first ? labelIn(names, first.language, mode) : '', stores };
}
