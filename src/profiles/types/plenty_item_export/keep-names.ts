/**
 * Renames in PlentyONE what the item export named after Magento labels (attribute values, selection
 * values, properties made for attributes) when those labels change. The record's link keeps the hash
 * of the names it was given or found by (NAMES_ASPECT); when the labels no longer match it, the names
 * that differ in PlentyONE are written, once (a dry run plans them: planned-writes.ts). A link without
 * the hash (made before plentygate kept it) takes the labels as they are, writing nothing: a record
 * found in PlentyONE may carry names of its own.
 */
import type { LinkStore } from '../../links.js';
import { hashOf } from './hashes.js';
import type { PlannedWrites, RenameKey } from './planned-writes.js';

/** The aspect of a link holding the hash of the names the export last gave the record. */
export const NAMES_ASPECT = 'export.names';

export type Names = { lang: string; name: string }[];

/** A record the export named, and how to rename it. */
/** A name as PlentyONE lists it (v2 names may lack their language: they match none). */
type Listed = { lang?: string | null; name?: string | null };

export interface Renamable<N extends Listed> {
  key: RenameKey;
  link: { entityType: string; magentoKey: string; plentyId: string };
  /** How a dry run names it: `value 17 of attribute "color"`. */
  what: string;
  /** Its names in PlentyONE now. */
  current(): Promise<N[]>;
  /** Whether a language PlentyONE has no name in is added (else it stays without). */
  addsLanguages: boolean;
  /** Writes one language's name; `held` is PlentyONE's name in that language, if it has one. */
  write(name: { lang: string; name: string }, held: N | undefined): Promise<void>;
}

export async function keepNames<N extends Listed>(
  deps: { links: LinkStore; planned: PlannedWrites }, target: Renamable<N>, names: Names, had: string | undefined,
): Promise<void> {
  const hash = hashOf(names);
  if (had === hash) return;
  if (had !== undefined) {
    const current = new Map((await target.current()).map((n) => [n.lang ?? '', n]));
    const changed = names.filter((n) => (current.has(n.lang) ? (current.get(n.lang)!.name ?? '') !== n.name : target.addsLanguages));
    if (changed.length > 0) {
      const from = (lang: string) => (current.has(lang) ? `"${current.get(lang)!.name ?? ''}"` : '(none)');
      await deps.planned.rename(target.key, `${target.what}: ${changed.map((n) => `${n.lang} ${from(n.lang)} → "${n.name}"`).join(', ')}`, async () => {
        for (const n of changed) await target.write(n, current.get(n.lang));
      });
    }
  }
  await deps.links.upsert({ ...target.link, aspectHashes: { [NAMES_ASPECT]: hash } });
}
