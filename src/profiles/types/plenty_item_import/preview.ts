/**
 * Dry runs of the item import (src/mapping/dry-run.ts). Per item, after the same sorting and hash
 * comparison as a run (process.ts): unchanged when every hash matches its link; otherwise the one
 * product search by SKU a run makes tells whether the item would be created or updated, and each
 * product's global values (custom attributes by code, website ids, category ids as the `categories`
 * settings would send them, a bundle's options as `<title>: <qty> × <sku>`) are diffed against
 * Magento's, and the store views' values whose hash changed against what each view shows. Website
 * prices, images and a configurable's options are not read: the reason names those whose hash
 * changed, so they would be written again. A child's super attribute values are not resolved to
 * Magento option ids (that may create options); a property selection without an option is named as
 * the option it would create. Products PlentyONE no longer has are listed with what `deletions.mode`
 * would do. Reads only.
 */
import type { MagentoProduct } from '../../../connectors/magento/schemas/product.js';
import type { MagentoClient, MagentoProductInput } from '../../../connectors/magento/index.js';
import { byAttributeCode, diffByAttributeCode, previewOfOutcome, type FieldDiff, type RecordPreview } from '../../../mapping/preview.js';
import { bundleSummary } from './bundles.js';
import { magentoOf, type Ctx } from './clients.js';
import { managedTypes } from './cross-sells.js';
import { optionResolverOf } from './magento-options.js';
import { productsBySku } from './magento-products.js';
import { compareItems, sortBatch, UNCHANGED } from './process.js';
import { ASPECT, type ImportRecord, type ItemRecord, type VanishedRecord } from './record.js';
import { DISABLED } from './removals.js';
import { categoryLinks, type Prepared } from './write-item.js';

/** How the reason names an aspect whose hash changed. */
const ASPECT_NAMES: Record<string, string> = {
  [ASPECT.product]: 'global values', [ASPECT.stores]: 'store-view values', [ASPECT.prices]: 'website prices',
  [ASPECT.images]: 'images', [ASPECT.options]: 'configurable options', [ASPECT.links]: 'product links',
};

type Fields = { custom_attributes?: { attribute_code: string; value: unknown }[]; extension_attributes?: Record<string, unknown>; [key: string]: unknown };

/**
 * A product as compared: custom attributes by code (empty ones as null), website and category ids
 * sorted. Fields only Magento's answer has (id, dates, gallery) are not compared: a diff goes by the
 * fields a save would send.
 */
function comparable(product: Fields): Record<string, unknown> {
  const { custom_attributes, extension_attributes, ...rest } = product;
  const { category_links, website_ids, bundle_product_options, ...extension } = (extension_attributes ?? {}) as {
    category_links?: { category_id: string }[]; website_ids?: number[]; bundle_product_options?: unknown[]; [key: string]: unknown;
  };
  const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
  return {
    ...rest,
    ...(custom_attributes?.length ? { custom_attributes: byAttributeCode(custom_attributes) } : {}),
    ...(website_ids ? { website_ids: sorted(website_ids) } : {}),
    ...(category_links ? { category_ids: sorted(category_links.map((l) => Number(l.category_id))) } : {}),
    // A bundle's options by what they hold (Magento's answer adds ids a save does not send).
    ...(bundle_product_options ? { bundle_options: bundleSummary(bundle_product_options) } : {}),
    ...(Object.keys(extension).length ? { extension_attributes: extension } : {}),
  };
}

function previewItem(ctx: Ctx, key: string, record: ItemRecord, prepared: Map<string, Prepared>, existing: Map<string, MagentoProduct>): RecordPreview {
  const diff: FieldDiff[] = [];
  const changedAspects = new Set<string>();
  for (const draft of [...record.children, record.main]) {
    const p = { ...prepared.get(draft.sku)!, existing: existing.get(draft.sku) };
    for (const [aspect, hash] of Object.entries(p.hashes)) if (!p.existing || p.aspects[aspect] !== hash) changedAspects.add(aspect);
    const desired: MagentoProductInput = {
      ...draft.global,
      extension_attributes: { ...draft.global.extension_attributes, ...categoryLinks(ctx, draft, p) },
    };
    diff.push(...diffByAttributeCode(comparable(desired), p.existing && comparable(p.existing)).map((d) => ({ ...d, field: `${draft.sku}.${d.field}` })));
  }
  const main = existing.get(record.main.sku);
  const aspects = [...changedAspects].map((a) => ASPECT_NAMES[a] ?? a).join(', ');
  return {
    key, action: main ? 'update' : 'create',
    ...(main ? { targetId: String(main.id), reason: `Changed since the last import: ${aspects}.` } : {}),
    diff,
  };
}

/** What `deletions.mode` would do with products PlentyONE no longer has (removals.ts). */
async function previewVanished(ctx: Ctx, key: string, record: VanishedRecord): Promise<RecordPreview> {
  const skus = record.products.map((p) => p.sku).join(', ');
  const mode = ctx.config.deletions.mode;
  if (mode === 'ignore') return { key, action: 'skip', reason: `PlentyONE no longer has it: ${skus}. Nothing would be changed in Magento (deletions.mode is "ignore").`, diff: [] };
  if (mode === 'delete') return { key, action: 'update', reason: `PlentyONE no longer has it: ${skus} would be deleted from Magento.`, diff: [] };
  const disabled: string[] = [];
  for (const product of record.products) {
    const link = await ctx.links.get(product.entityType, product.sku);
    if (link?.aspectHashes?.[ASPECT.product] !== DISABLED) disabled.push(product.sku);
  }
  if (disabled.length === 0) return { key, action: 'skip', reason: `PlentyONE no longer has it: ${skus}. Nothing would be changed in Magento (disabled before).`, diff: [] };
  return { key, action: 'update', reason: `PlentyONE no longer has it: ${disabled.join(', ')} would be disabled.`, diff: disabled.map((sku) => ({ field: `${sku}.status`, after: 2 })) };
}

export async function previewItems(batch: { key: string; record: ImportRecord }[], ctx: Ctx): Promise<RecordPreview[]> {
  const { outcomes, vanished, records, keys } = sortBatch(batch);
  const out = outcomes.map((o) => previewOfOutcome(o));
  for (const { key, record } of vanished) out.push(await previewVanished(ctx, key, record));
  if (records.length === 0) return out;
  const { changed, unchanged, prepared } = await compareItems(ctx, records);
  for (const record of unchanged) out.push({ key: keys.get(record)!, action: 'unchanged', reason: UNCHANGED, diff: [] });
  if (changed.length === 0) return out;
  const magento = await magentoOf(ctx);
  const existing = await productsBySku(ctx, magento, changed.flatMap((r) => [r.main, ...r.children].map((d) => d.sku)));
  const planned = optionResolverOf(ctx, magento).planned;
  for (const record of changed) {
    const preview = previewItem(ctx, keys.get(record)!, record, prepared, existing);
    preview.diff.push(...await storeViewDiffs(ctx, magento, record, prepared, existing));
    preview.diff.push(...await productLinkDiffs(ctx, magento, record.main.sku, prepared.get(record.main.sku)!, existing.get(record.main.sku)));
    out.push(namePlannedOptions(preview, planned));
  }
  return out;
}

/**
 * The options the dry run would create (magento-options.ts gave each an id below zero) named in the
 * diff — `PG-0000001.custom_attributes.care: (none) → "(new option "Hand wash" of attribute "care")"`
 * — and in the reason.
 */
function namePlannedOptions(preview: RecordPreview, planned: ReadonlyMap<number, string>): RecordPreview {
  if (planned.size === 0) return preview;
  const created = new Set<string>();
  const named = (value: unknown): unknown => {
    if (typeof value !== 'string' && typeof value !== 'number') return value;
    const ids = String(value).split(',');
    if (!ids.some((id) => planned.has(Number(id)))) return value;
    return ids.map((id) => {
      const what = planned.get(Number(id));
      if (what === undefined) return id;
      created.add(what);
      return `(new ${what})`;
    }).join(',');
  };
  const diff = preview.diff.map((d) => ({ ...d, after: named(d.after) }));
  if (created.size === 0) return preview;
  const first = `Would first create in Magento: ${[...created].join('; ')}.`;
  return { ...preview, diff, reason: preview.reason ? `${preview.reason} ${first}` : first };
}

/**
 * The store views' values a run would save again (their hash changed), beside what each view shows
 * now: one product read per store view and product (`PG-….stores.de.name: "Jacke" → "Winterjacke"`).
 * A new product has no view to compare: its global values say what it gets.
 */
async function storeViewDiffs(ctx: Ctx, magento: MagentoClient, record: ItemRecord, prepared: Map<string, Prepared>, existing: Map<string, MagentoProduct>): Promise<FieldDiff[]> {
  const diffs: FieldDiff[] = [];
  for (const draft of [...record.children, record.main]) {
    const p = prepared.get(draft.sku)!;
    if (!existing.has(draft.sku) || p.aspects[ASPECT.stores] === p.hashes[ASPECT.stores]) continue;
    for (const [store, values] of Object.entries(draft.stores)) {
      const shown = await magento.products.get(draft.sku, { store, signal: ctx.signal });
      diffs.push(...diffByAttributeCode(comparable(values), comparable(shown)).map((d) => ({ ...d, field: `${draft.sku}.stores.${store}.${d.field}` })));
    }
  }
  return diffs;
}

/** The managed link types whose links would change (`crossSells`), beside the links Magento has. */
async function productLinkDiffs(ctx: Ctx, magento: MagentoClient, sku: string, p: Prepared, existing: MagentoProduct | undefined): Promise<FieldDiff[]> {
  if (!p.productLinks || (existing && p.aspects[ASPECT.links] === p.hashes[ASPECT.links])) return [];
  const diffs: FieldDiff[] = [];
  for (const type of managedTypes(ctx)) {
    const after = p.productLinks[type] ?? [];
    const before = existing ? (await magento.products.links(sku, type, { signal: ctx.signal })).map((l) => l.linked_product_sku) : [];
    if (JSON.stringify(before) !== JSON.stringify(after)) diffs.push({ field: `${sku}.product_links.${type}`, ...(existing ? { before } : {}), after });
  }
  return diffs;
}
