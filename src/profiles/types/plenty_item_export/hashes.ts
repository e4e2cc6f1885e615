/** Content hashes of what was written, per aspect, so only what changed is written again. */
import { createHash } from 'node:crypto';

/** JSON with sorted keys, so equal content always gives the same hash. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function hashOf(value: unknown): string {
  return createHash('sha1').update(stable(value)).digest('hex');
}

/** The hash of each aspect of a variation as the record wants it. */
export function variationHashes(v: { base: unknown; attributeValues: unknown; prices: unknown; barcodes: unknown; categoryIds: unknown; marketNumbers?: unknown; properties?: unknown }) {
  return {
    marketNumbers: hashOf(v.marketNumbers ?? []),
    properties: hashOf(v.properties ?? []),
    base: hashOf({ base: v.base, attributes: v.attributeValues }),
    prices: hashOf(v.prices),
    barcodes: hashOf(v.barcodes),
    categories: hashOf(v.categoryIds),
  };
}

/** The hash of each item-level aspect as the record wants it. */
export function itemHashes(record: { texts: unknown; images: readonly { key: string; md5?: string | undefined }[]; imageReferrers?: readonly string[] | undefined }) {
  // Images by file and content, not by URL (the media host may change, the file stays), in gallery
  // order (a moved image changes it); the availabilities only when some are configured.
  const images = record.images.map((i) => [i.key, i.md5 ?? null]);
  return { texts: hashOf(record.texts), images: hashOf(record.imageReferrers?.length ? { images, referrers: record.imageReferrers } : images) };
}

/** A variation's market numbers hash as last written; links from before market numbers existed held none. */
export const NO_MARKET_NUMBERS = hashOf([]);
/** Likewise for property values (links from before properties existed). */
export const NO_PROPERTIES = hashOf([]);
