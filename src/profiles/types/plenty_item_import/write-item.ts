/**
 * Writes one item whose hashes changed: downloads new images first (a file that cannot be had fails
 * the item before anything is written), then the products — children before their configurable —
 * each only in the aspects whose hash changed (global values, store-view texts), then the
 * configurable's super attributes and child links, then the images; the links last, with the hashes
 * of what Magento now has. Magento's refusals fail the item with Magento's message.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient, MagentoProductInput } from '../../../connectors/magento/index.js';
import type { MagentoProduct } from '../../../connectors/magento/schemas/product.js';
import type { LinkWrite } from '../../links.js';
import type { Outcome } from '../../profile-type.js';
import type { Ctx } from './clients.js';
import { writeProductLinks, type ProductLinks } from './cross-sells.js';
import { applyImages, ImageError, planGalleries, planWrites } from './images.js';
import { optionResolverOf } from './magento-options.js';
import { plentyAttributesOf } from './plenty-attributes.js';
import { saveGlobal, saveStoreViews } from './product-writes.js';
import { saveWebsitePrices } from './prices.js';
import { removeLeftChildren } from './removals.js';
import { ASPECT, ITEM_LINK, VARIATION_LINK, type ItemRecord, type ProductDraft } from './record.js';

/** What the batch learnt about each product before writing: its link, hashes, Magento state. */
export interface Prepared {
  aspects: Record<string, string>;
  hashes: Record<string, string>;
  existing: MagentoProduct | undefined;
  /** Magento category ids of its PlentyONE categories (linked ones). */
  categories: number[];
  /** Whether a link names the product already (a new link gets the ids the item export reads too). */
  linked: boolean;
  /** The item's product (`crossSells`): the product links it should have. */
  productLinks?: ProductLinks;
}

/** The category links a product's global save sends (`categories` settings), given what Magento has. */
export function categoryLinks(ctx: Ctx, draft: ProductDraft, p: Prepared): MagentoProductInput['extension_attributes'] {
  const { defaultCategoryId, removeDifferences } = ctx.config.categories;
  const isChild = draft.superValues.length > 0;
  let ids = p.categories;
  // Children of a configurable are not visible on their own: categories are the configurable's.
  if (ids.length === 0 && !isChild && defaultCategoryId !== undefined) ids = [defaultCategoryId];
  const current = (p.existing?.extension_attributes?.category_links ?? []).map((l) => Number(l.category_id));
  if (!removeDifferences) {
    if (ids.length === 0) return {};
    ids = [...new Set([...ids, ...current])];
  }
  return { category_links: ids.map((id, position) => ({ position, category_id: String(id) })) };
}

/** Global values, then store views, each when its hash changed (or the product is new). */
async function writeProduct(
  ctx: Ctx, magento: MagentoClient, draft: ProductDraft, p: Prepared, extraCustom: { attribute_code: string; value: unknown }[],
  extension: MagentoProductInput['extension_attributes'] = {},
): Promise<{ id: number | undefined; wrote: boolean }> {
  let id = p.existing?.id;
  let wrote = false;
  if (!p.existing || p.aspects[ASPECT.product] !== p.hashes[ASPECT.product]) {
    const payload: MagentoProductInput = {
      ...draft.global,
      extension_attributes: { ...draft.global.extension_attributes, ...categoryLinks(ctx, draft, p), ...extension },
      custom_attributes: [...(draft.global.custom_attributes ?? []), ...extraCustom],
    };
    id = (await saveGlobal(ctx, magento, payload)).id;
    wrote = true;
  }
  if (Object.keys(draft.stores).length > 0 && (!p.existing || p.aspects[ASPECT.stores] !== p.hashes[ASPECT.stores])) {
    await saveStoreViews(ctx, magento, draft.sku, draft.stores);
    wrote = true;
  }
  if (draft.websitePrices && (!p.existing || p.aspects[ASPECT.prices] !== p.hashes[ASPECT.prices])) {
    await saveWebsitePrices(ctx, magento, draft, draft.websitePrices);
    wrote = true;
  }
  return { id, wrote };
}

export async function writeItem(ctx: Ctx, magento: MagentoClient, record: ItemRecord, prepared: Map<string, Prepared>, key: string): Promise<Outcome> {
  const sku = record.sku;
  const main = prepared.get(record.main.sku)!;
  const links: LinkWrite[] = [];
  try {
    // Children's option ids first: an unmappable value fails the item before anything is written.
    const childOptions = new Map<string, { attribute_code: string; value: unknown }[]>();
    if (record.type === 'configurable') {
      const attributes = await plentyAttributesOf(ctx);
      const resolver = optionResolverOf(ctx, magento);
      for (const child of record.children) {
        const custom: { attribute_code: string; value: unknown }[] = [];
        for (const s of child.superValues) {
          const info = attributes.value(s.valueId);
          if (!info) return { key, result: 'failed', reason: `Variation ${child.sku}: PlentyONE has no attribute value ${s.valueId} of attribute ${s.attributeId}.` };
          const answer = await resolver.resolve(s.code, info);
          if ('problem' in answer) return { key, result: 'failed', reason: `Variation ${child.sku}: ${answer.problem}` };
          custom.push({ attribute_code: s.code, value: String(answer.optionId) });
        }
        childOptions.set(child.sku, custom);
      }
    }
    // Files downloaded and labels read for every product whose images changed, before any write.
    const plans = await planGalleries(ctx, record, prepared);
    const plan = plans.get(record.main.sku);

    let wrote = false;
    const childIds = new Map<string, number>();
    for (const child of record.children) {
      const p = prepared.get(child.sku)!;
      const done = await writeProduct(ctx, magento, child, p, childOptions.get(child.sku) ?? []);
      wrote ||= done.wrote;
      if (done.id !== undefined) childIds.set(child.sku, done.id);
      const childPlan = plans.get(child.sku);
      const childImages = childPlan ? await applyImages(ctx, magento, child.sku, record.itemId, childPlan) : {};
      wrote ||= childPlan !== undefined && planWrites(childPlan) > 0;
      links.push({
        entityType: VARIATION_LINK, magentoKey: child.sku, plentyId: String(child.variationId), aspectHashes: { ...pick(p.hashes, ASPECT.product, ASPECT.stores, ASPECT.prices, ASPECT.images), ...childImages },
        ...(p.linked ? {} : { meta: variationMeta(record, child.sku) }),
      });
    }
    // A new configurable carries its super attributes and children in its own save (Magento's
    // configurable SaveHandler): one call instead of one per super attribute and one per child.
    const carried = record.type === 'configurable' && !main.existing ? await configurableOfNew(ctx, magento, record, childOptions, childIds) : undefined;
    const done = await writeProduct(ctx, magento, record.main, main, [], carried);
    wrote ||= done.wrote;
    const aspects = pick(main.hashes, ASPECT.product, ASPECT.stores, ASPECT.prices);
    let removed: string[] = [];
    if (record.type === 'configurable' && (!main.existing || main.aspects[ASPECT.options] !== main.hashes[ASPECT.options])) {
      if (!carried) await linkChildren(ctx, magento, record, main.existing, childOptions, childIds);
      removed = await removeLeftChildren(ctx, magento, record, main.existing, childIds);
      wrote = true;
    }
    if (record.type === 'configurable') aspects[ASPECT.options] = main.hashes[ASPECT.options]!;
    if (plan) {
      Object.assign(aspects, await applyImages(ctx, magento, record.main.sku, record.itemId, plan));
      wrote ||= planWrites(plan) > 0;
    }
    if (ctx.config.images.enabled) aspects[ASPECT.images] = main.hashes[ASPECT.images]!;
    if (main.productLinks) {
      if (!main.existing || main.aspects[ASPECT.links] !== main.hashes[ASPECT.links]) {
        wrote = (await writeProductLinks(ctx, magento, record.main.sku, main.productLinks)) || wrote;
      }
      aspects[ASPECT.links] = main.hashes[ASPECT.links]!;
    }
    links.push(record.type === 'configurable'
      ? { entityType: ITEM_LINK, magentoKey: record.main.sku, plentyId: String(record.itemId), aspectHashes: aspects, ...(main.linked ? {} : { meta: { mainVariationId: record.mainVariationId } }) }
      : { entityType: VARIATION_LINK, magentoKey: record.main.sku, plentyId: String(record.main.variationId), aspectHashes: aspects, ...(main.linked ? {} : { meta: variationMeta(record, record.main.sku) }) });
    await ctx.links.upsertMany(links);
    const note = removed.length ? { note: `Children that left the configurable: ${removed.join(', ')}.` } : {};
    if (!main.existing) return { key, result: 'created' };
    return wrote ? { key, result: 'updated', ...note } : { key, result: 'skipped', reason: 'Unchanged since the last import.' };
  } catch (error) {
    if (error instanceof ImageError) return { key, result: 'failed', reason: error.message };
    if (!(error instanceof PermanentApiError)) throw error;
    // What was written before the refusal is kept in the links, so it is not written again.
    await ctx.links.upsertMany(links);
    return { key, result: 'failed', reason: `Magento refused ${PRODUCT_NOUN[record.type]} ${sku}: ${error.message}` };
  }
}

/** How a refusal names the item's product. */
const PRODUCT_NOUN: Record<ItemRecord['type'], string> = { simple: 'the product', simples: 'the product', configurable: 'the configurable product', bundle: 'the bundle product' };

/**
 * What a new variation link says besides the hashes, in the item export's terms (link-state.ts): the
 * PlentyONE item and the Magento SKU of the item's product (the configurable, or the product itself).
 */
function variationMeta(record: ItemRecord, sku: string): Record<string, unknown> {
  return { itemId: record.itemId, itemSku: record.type === 'configurable' ? record.main.sku : sku };
}

function pick(hashes: Record<string, string>, ...keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => hashes[k] !== undefined).map((k) => [k, hashes[k]!]));
}

type ChildOptions = Map<string, { attribute_code: string; value: unknown }[]>;

/** The option ids the children have for one super attribute. */
function superValuesOf(childOptions: ChildOptions, code: string): number[] {
  return [...new Set([...childOptions.values()].flatMap((c) => c.filter((x) => x.attribute_code === code).map((x) => Number(x.value))))];
}

/**
 * The super attributes and child links a new configurable's save carries (checked by Magento as
 * `POST …/child` checks them), or undefined when a child has no entity id (then they are added one by
 * one after the save). After a crash between this save and the links, the next run finds them in
 * Magento's answer to the batch's product search and writes nothing more.
 */
async function configurableOfNew(ctx: Ctx, magento: MagentoClient, record: ItemRecord, childOptions: ChildOptions, childIds: Map<string, number>): Promise<MagentoProductInput['extension_attributes'] | undefined> {
  const links = record.children.map((c) => childIds.get(c.sku));
  if (links.some((id) => id === undefined)) return undefined;
  const options = [];
  for (const [position, { code }] of record.superAttributes.entries()) {
    const attribute = await optionResolverOf(ctx, magento).attribute(code);
    options.push({ attribute_id: String(attribute.attribute_id), label: attribute.default_frontend_label ?? code, position, values: superValuesOf(childOptions, code).map((value_index) => ({ value_index })) });
  }
  return { configurable_product_options: options, configurable_product_links: links as number[] };
}

/**
 * The configurable's super attributes (`POST /V1/configurable-products/{sku}/options`, or the
 * product's option list when an existing option lacks values) and its children
 * (`POST /V1/configurable-products/{sku}/child` for each one not linked yet).
 */
async function linkChildren(
  ctx: Ctx, magento: MagentoClient, record: ItemRecord, existing: MagentoProduct | undefined,
  childOptions: Map<string, { attribute_code: string; value: unknown }[]>, childIds: Map<string, number>,
): Promise<void> {
  const sku = record.main.sku;
  // The batch's product search answered the configurable's options and children already.
  const parent = existing;
  const current = (parent?.extension_attributes?.configurable_product_options ?? []) as { id?: number; attribute_id?: string | number; label?: string; position?: number; values?: { value_index: number }[] }[];
  const stale: typeof current = [];
  for (const [position, { code }] of record.superAttributes.entries()) {
    const attribute = await optionResolverOf(ctx, magento).attribute(code);
    const values = superValuesOf(childOptions, code);
    const option = current.find((o) => Number(o.attribute_id) === attribute.attribute_id);
    if (!option) {
      await magento.products.addConfigurableOption(sku, { attribute_id: String(attribute.attribute_id), label: attribute.default_frontend_label ?? code, position, values: values.map((value_index) => ({ value_index })) }, { signal: ctx.signal });
    } else {
      const have = new Set((option.values ?? []).map((v) => v.value_index));
      if (values.some((v) => !have.has(v))) stale.push({ ...option, values: [...new Set([...have, ...values])].map((value_index) => ({ value_index })) });
    }
  }
  if (stale.length > 0) {
    const options = current.map((o) => stale.find((s) => s.id === o.id) ?? o);
    await magento.products.update(sku, { extension_attributes: { configurable_product_options: options } }, { signal: ctx.signal });
  }
  const linked = new Set(parent?.extension_attributes?.configurable_product_links ?? []);
  for (const child of record.children) {
    const id = childIds.get(child.sku);
    if (id !== undefined && linked.has(id)) continue;
    try {
      await magento.products.linkChild(sku, child.sku, { signal: ctx.signal });
    } catch (error) {
      // Linked meanwhile (or by an earlier, interrupted run): nothing to do.
      if (!(error instanceof PermanentApiError && /already attached/i.test(error.message))) throw error;
    }
  }
}
