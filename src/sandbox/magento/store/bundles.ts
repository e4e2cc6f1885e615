/**
 * Bundle products (Magento_Bundle) as a product save writes their options: Magento 2.4's
 * `Bundle\Model\Product\SaveHandler` with `Option\SaveAction` and `LinkManagement`. The REST layer
 * reads `extension_attributes.bundle_product_options` into the inputs below; the product repository
 * keeps what `saveBundleOptions` answers. It throws before anything is kept, as Magento's product
 * save rolls the whole entity back when its extension handler throws.
 */
import { MagentoStoreError, noSuchEntity, PRODUCT_NOT_FOUND } from './errors.js';
import type { BundleOption, BundleSelection, Product } from './types.js';

/** An option as a save sends it; without `optionId` (or with one the product lacks) it is a new option. */
export interface BundleOptionInput {
  optionId?: number;
  title?: string;
  required?: boolean;
  type?: string;
  position?: number;
  /** Not sent: an existing option keeps its links. */
  links?: BundleLinkInput[];
}

/** A link as a save sends it; without `id` it is a new selection. */
export interface BundleLinkInput {
  id?: number;
  sku: string;
  qty?: number;
  position?: number;
  isDefault?: boolean;
  price?: number;
  priceType?: number;
  canChangeQuantity?: number;
}

/** The option and selection tables' auto-increment keys: a refused save does not give its ids back, as InnoDB does not. */
export class BundleIds {
  private option = 1;
  private selection = 1;

  nextOption(): number {
    return this.option++;
  }

  nextSelection(): number {
    return this.selection++;
  }
}

export interface BundleSaveContext {
  bundleSku: string;
  /** `ProductRepository::get`. */
  lookup: (sku: string) => Product | undefined;
  ids: BundleIds;
}

/**
 * The options a bundle has after a save sent `sent` (not empty: an empty list changes nothing, the
 * caller does not come here). As SaveHandler::execute: existing options the list does not name by
 * `option_id` are deleted (processRemovedOptions), the named ones are updated in place and the
 * others are created with their links (SaveAction::saveOptionItem).
 */
export function saveBundleOptions(ctx: BundleSaveContext, current: BundleOption[], sent: BundleOptionInput[]): BundleOption[] {
  const existing = new Map(current.map((o) => [o.id, o]));
  return sent.map((input) => {
    const option = input.optionId === undefined ? undefined : existing.get(input.optionId);
    return option ? updateOption(ctx, option, input) : newOption(ctx, input);
  });
}

function newOption(ctx: BundleSaveContext, input: BundleOptionInput): BundleOption {
  const option: BundleOption = {
    id: ctx.ids.nextOption(),
    required: input.required ?? false,
    position: input.position ?? 0,
    links: [],
    ...definedOnly({ title: input.title, type: input.type }),
  };
  for (const link of input.links ?? []) option.links.push(addChild(ctx, option, link));
  return option;
}

/**
 * SaveAction::updateOptionSelection: sent fields replace the option's, and a sent `product_links`
 * list keeps (and updates) the links it names by `id`, removes the others and adds those without one.
 */
function updateOption(ctx: BundleSaveContext, current: BundleOption, input: BundleOptionInput): BundleOption {
  const { links: sentLinks, optionId: _id, ...fields } = input;
  const option: BundleOption = { ...current, ...definedOnly(fields) };
  if (!sentLinks) return option;
  option.links = [];
  for (const link of sentLinks) if (link.id !== undefined) option.links.push(saveChild(ctx, current, link, link.id));
  for (const link of sentLinks) if (link.id === undefined) option.links.push(addChild(ctx, option, link));
  return option;
}

/** The SKU of the component a link names, checked as LinkManagement::addChild and saveChild check it. */
function componentSku(ctx: BundleSaveContext, sku: string): string {
  const product = ctx.lookup(sku);
  if (!product && sku !== ctx.bundleSku) throw noSuchEntity(PRODUCT_NOT_FOUND);
  // Product::isComposite(): configurables and bundles, the bundle itself too (inside Magento's
  // transaction it exists even while it is being created).
  if (!product || sku === ctx.bundleSku || product.typeId !== 'simple') {
    throw new MagentoStoreError("The bundle product can't contain another composite product.");
  }
  return product.sku;
}

/** LinkManagement::addChild: a new selection; the option must not have the component already. */
function addChild(ctx: BundleSaveContext, option: BundleOption, link: BundleLinkInput): BundleSelection {
  const sku = componentSku(ctx, link.sku);
  if (option.links.some((l) => l.sku === sku)) {
    throw new MagentoStoreError('Child with specified sku: "%1" already assigned to product: "%2"', [link.sku, ctx.bundleSku]);
  }
  return {
    id: ctx.ids.nextSelection(),
    sku,
    position: link.position ?? 0,
    isDefault: link.isDefault ?? false,
    price: link.price ?? 0,
    priceType: link.priceType ?? 0,
    canChangeQuantity: link.canChangeQuantity ?? 0,
    ...definedOnly({ qty: link.qty }),
  };
}

/** LinkManagement::saveChild: the selection `id` names, with the fields sent replacing its own. */
function saveChild(ctx: BundleSaveContext, option: BundleOption, link: BundleLinkInput, id: number): BundleSelection {
  const sku = componentSku(ctx, link.sku);
  const current = option.links.find((l) => l.id === id);
  if (!current) throw new MagentoStoreError('The product link with the "%1" ID field wasn\'t found. Verify the ID and try again.', [String(id)]);
  const { id: _id, sku: _sku, ...fields } = link;
  return { ...current, ...definedOnly(fields), sku };
}

/** SKUs of the products a bundle's options link. */
export function componentSkus(options: BundleOption[] | undefined): Set<string> {
  return new Set((options ?? []).flatMap((o) => o.links.map((l) => l.sku)));
}

/**
 * Options without the selections of a deleted component (the selection table's foreign key to the
 * product cascades); an option left without links stays.
 */
export function withoutComponent(options: BundleOption[], sku: string): BundleOption[] {
  return options.map((o) => ({ ...o, links: o.links.filter((l) => l.sku !== sku) }));
}

/**
 * Bundle\Model\Product\Type::isSalable: a bundle with options is salable when every required option
 * has a salable selection and at least one selection is.
 */
export function bundleInStock(options: BundleOption[] | undefined, inStock: (sku: string) => boolean): boolean {
  if (!options?.length) return false;
  let any = false;
  for (const option of options) {
    const salable = option.links.some((l) => inStock(l.sku));
    if (option.required && !salable) return false;
    any ||= salable;
  }
  return any;
}

/** Options and their selections in Magento's order: position, then id (the collections' setPositionOrder). */
export function orderedOptions(options: BundleOption[] | undefined): BundleOption[] {
  const byPosition = <T extends { position: number; id: number }>(a: T, b: T) => a.position - b.position || a.id - b.id;
  return [...(options ?? [])].sort(byPosition).map((o) => ({ ...o, links: [...o.links].sort(byPosition) }));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
