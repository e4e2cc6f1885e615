/** Render stored item/variation/stock records into the JSON PlentyONE answers with. */
import { w3c } from './dates.js';
import type { BarcodeRow, ImageRow, ItemState, PriceRow, TextRow, VariationState } from './stores/catalog-records.js';
import type { StockRow } from './stores/stock.js';
import { storageUrl } from './routes/image-storage.js';

export function renderItem(it: ItemState): Record<string, unknown> {
  return {
    id: it.id,
    position: 0,
    itemType: it.itemType,
    stockType: 0,
    storeSpecial: 0,
    ownerId: null,
    manufacturerId: it.manufacturerId,
    producingCountryId: 1,
    mainVariationId: it.mainVariationId,
    revenueAccount: 0,
    couponRestriction: 0,
    condition: 0,
    conditionApi: 0,
    createdAt: w3c(it.createdAtMs),
    updatedAt: w3c(it.updatedAtMs),
    isSubscribable: false,
    isSerialNumber: false,
    isShippingPackage: false,
    flagOne: it.flagOne ?? 0,
    flagTwo: it.flagTwo ?? 0,
    ageRestriction: 0,
    feedback: 0,
    customsTariffNumber: '',
  };
}

export function renderPrice(variationId: number, p: PriceRow): Record<string, unknown> {
  return {
    variationId,
    salesPriceId: p.salesPriceId,
    price: p.price,
    lowestPrice: null,
    lowestPriceCalculation: false,
    createdAt: w3c(p.createdAtMs),
    updatedAt: w3c(p.updatedAtMs),
  };
}

export function renderBarcode(variationId: number, b: BarcodeRow): Record<string, unknown> {
  return { variationId, barcodeId: b.barcodeId, code: b.code, createdAt: w3c(b.createdAtMs) };
}

export function renderText(itemId: number, variationId: number, t: TextRow): Record<string, unknown> {
  return { id: itemId * 10 + langIndex(t.lang), itemId, variationId, title: t.name, ...t };
}

export function renderImage(img: ImageRow): Record<string, unknown> {
  return renderImageFrom(img, undefined);
}

/** `origin`: the sandbox's own, so generated images carry a URL they can be downloaded from. */
export function renderImageFrom(img: ImageRow, origin: string | undefined): Record<string, unknown> {
  const url = storageUrl(img.url, origin);
  return {
    id: img.id,
    itemId: img.itemId,
    fileType: img.fileType,
    path: img.path,
    position: img.position,
    createdAt: w3c(img.createdAtMs),
    updatedAt: w3c(img.updatedAtMs),
    md5Checksum: img.md5Checksum,
    md5ChecksumOriginal: img.md5Checksum,
    hasLinkedVariations: 0,
    size: img.size,
    width: img.width,
    height: img.height,
    url,
    urlMiddle: url.replace('/item/images/', '/item/images/middle/'),
    urlPreview: url.replace('/item/images/', '/item/images/preview/'),
    urlSecondPreview: url.replace('/item/images/', '/item/images/secondPreview/'),
  };
}

function langIndex(lang: string): number {
  return ['de', 'en', 'fr', 'it', 'es', 'nl'].indexOf(lang) + 1;
}

/** `/rest/items/variations` (legacy) entry; `with` adds relations as the real route does. */
export function renderVariation(v: VariationState, withs: ReadonlySet<string>, lang: string | undefined, item?: ItemState): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: v.id,
    isMain: v.isMain,
    mainVariationId: v.mainVariationId,
    itemId: v.itemId,
    position: v.position,
    isActive: v.isActive,
    number: v.number,
    model: v.model,
    externalId: v.externalId,
    parentVariationId: null,
    parentVariationQuantity: null,
    availability: 1,
    estimatedAvailableAt: null,
    purchasePrice: v.purchasePrice,
    createdAt: w3c(v.createdAtMs),
    updatedAt: w3c(v.updatedAtMs),
    relatedUpdatedAt: w3c(v.relatedUpdatedAtMs),
    priceCalculationId: null,
    weightG: v.weightG,
    weightNetG: v.weightG,
    widthMM: 0,
    lengthMM: 0,
    heightMM: 0,
    unitsContained: 1,
    vatId: v.vatRate === 7 ? 1 : 0,
    bundleType: v.bundleType ?? null,
    stockLimitation: v.stockLimitation ?? 0,
    minimumOrderQuantity: v.orderQuantities?.minimum ?? 0,
    maximumOrderQuantity: v.orderQuantities?.maximum ?? 0,
    intervalOrderQuantity: v.orderQuantities?.interval ?? 0,
    automaticClientVisibility: 1,
    isHiddenInCategoryList: false,
    name: lang ? v.names[lang] ?? '' : v.names.de ?? '',
  };
  if (withs.has('variationSalesPrices')) out.variationSalesPrices = v.prices.map((p) => renderPrice(v.id, p));
  if (withs.has('variationBarcodes')) out.variationBarcodes = v.barcodes.map((b) => renderBarcode(v.id, b));
  if (withs.has('variationCategories')) out.variationCategories = v.categoryIds.map((categoryId, position) => ({ variationId: v.id, categoryId, position }));
  if (withs.has('variationAttributeValues')) out.variationAttributeValues = v.attributeValues.map((a) => ({ variationId: v.id, attributeId: a.attributeId, valueId: a.valueId, isLinkableToImage: false }));
  if (withs.has('variationClients')) out.variationClients = [{ variationId: v.id, plentyId: 0 }];
  if (withs.has('item') && item) out.item = renderItem(item);
  if (withs.has('itemTexts') && item) out.itemTexts = item.texts.filter((t) => !lang || t.lang === lang).map((t) => renderText(item.id, v.id, t));
  if (withs.has('images') && item) out.images = item.images.map(renderImage);
  return out;
}

/**
 * `/rest/pim/variations` entry: the PIM search shape, a `base` block plus requested relations. With the
 * item: `base.item`, `base.texts` (the item's texts in every language) and `base.images` (the item's
 * images, downloadable from `origin`).
 */
export function renderPimVariation(v: VariationState, withs: ReadonlySet<string>, item?: ItemState, origin?: string, plentyId = 1000): Record<string, unknown> {
  const base = renderVariation(v, new Set(), undefined);
  if (item && withs.has('base.item')) base.item = renderItem(item);
  if (item && withs.has('base.texts')) base.texts = item.texts.map((t) => renderText(item.id, v.id, t));
  if (item && withs.has('base.images')) base.images = item.images.map((img) => renderImageFrom(img, origin));
  // The variation's image links (VariationImage), as `with=images` answers them.
  const images = item && withs.has('images') ? item.images.filter((img) => img.variationIds?.includes(v.id)).map((img) => ({ itemId: item.id, variationId: v.id, imageId: img.id, createdAt: w3c(img.createdAtMs), updatedAt: w3c(img.updatedAtMs) })) : undefined;
  const out: Record<string, unknown> = { id: v.id, base };
  if (withs.has('salesPrices')) out.salesPrices = v.prices.map((p) => renderPrice(v.id, p));
  if (withs.has('barcodes')) out.barcodes = v.barcodes.map((b) => renderBarcode(v.id, b));
  if (withs.has('categories')) out.categories = v.categoryIds.map((categoryId, position) => ({ variationId: v.id, categoryId, position }));
  if (withs.has('attributeValues')) out.attributeValues = v.attributeValues.map((a) => ({ variationId: v.id, ...a }));
  if (images) out.images = images;
  if (withs.has('clients')) out.clients = (v.clients ?? [plentyId]).map((id) => ({ plentyId: id }));
  if (withs.has('markets')) out.markets = (v.markets ?? []).map((marketId) => ({ marketId }));
  if (withs.has('timestamps')) out.timestamps = { variationId: v.id, base: w3c(v.updatedAtMs), salesPrice: w3c(v.relatedUpdatedAtMs), barcode: w3c(v.relatedUpdatedAtMs) };
  return out;
}

export function renderStock(r: StockRow): Record<string, unknown> {
  const { updatedAtMs, ...rest } = r;
  return { ...rest, averageSale: 0, updatedAt: w3c(updatedAtMs) };
}
