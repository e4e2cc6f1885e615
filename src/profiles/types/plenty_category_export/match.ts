/**
 * Pairs existing categories of both systems (the migration case: both catalogues exist, no links yet).
 * Below each mapped root, every category gets its path of names (Magento: as the first storeMapping
 * row's store view shows them; PlentyONE: that row's client and language). `path` pairs equal paths;
 * `name` pairs equal names that occur once on each side. Already linked categories are left as they are.
 */
import { searchCriteria, type MagentoClient } from '../../../connectors/magento/index.js';
import type { PlentyCategory, PlentyClient } from '../../../connectors/plenty/index.js';
import type { LinkStore } from '../../links.js';
import type { CategoryExportConfig } from './config.js';
import { CATEGORY_LINK } from './record.js';

export interface MatchedPair { magentoId: number; plentyId: number; rootId: number; path: string }
export interface Unmatched { id: number; path: string }

export interface CategoryMatch {
  by: 'path' | 'name';
  matched: MatchedPair[];
  unmatchedMagento: Unmatched[];
  unmatchedPlenty: Unmatched[];
  alreadyLinked: number;
  applied?: boolean;
}

interface Named { id: number; path: string; name: string }

export async function matchCategories(
  io: { magento: MagentoClient; plenty: PlentyClient; links: LinkStore },
  config: CategoryExportConfig,
  by: 'path' | 'name',
): Promise<CategoryMatch> {
  const first = config.storeMapping[0]!;
  const plentyAll = await plentyCategories(io.plenty, first.language);
  const result: CategoryMatch = { by, matched: [], unmatchedMagento: [], unmatchedPlenty: [], alreadyLinked: 0 };
  for (const row of config.rootMapping) {
    const magentoSide = await magentoSubtree(io.magento, row.magentoRootId, first.storeView);
    const plentySide = plentySubtree(plentyAll, row.plentyCategoryId ?? null, first.plentyId, first.language);
    const linkedM = await io.links.getMany(CATEGORY_LINK, magentoSide.map((m) => String(m.id)));
    const linkedP = new Set<number>();
    for (const p of plentySide) if (await io.links.byPlentyId(CATEGORY_LINK, String(p.id))) linkedP.add(p.id);
    const openM = magentoSide.filter((m) => !linkedM.has(String(m.id)));
    const openP = plentySide.filter((p) => !linkedP.has(p.id));
    result.alreadyLinked += magentoSide.length - openM.length;
    const keyOf = (n: Named) => (by === 'path' ? n.path : n.name).trim().toLowerCase();
    const index = new Map<string, Named[]>();
    for (const p of openP) index.set(keyOf(p), [...(index.get(keyOf(p)) ?? []), p]);
    const countM = new Map<string, number>();
    for (const m of openM) countM.set(keyOf(m), (countM.get(keyOf(m)) ?? 0) + 1);
    const used = new Set<number>();
    for (const m of openM) {
      const candidates = index.get(keyOf(m)) ?? [];
      // A name (or path) that occurs more than once on either side is not a match: it is reported.
      if (candidates.length === 1 && countM.get(keyOf(m)) === 1) {
        result.matched.push({ magentoId: m.id, plentyId: candidates[0]!.id, rootId: row.magentoRootId, path: m.path });
        used.add(candidates[0]!.id);
      } else {
        result.unmatchedMagento.push({ id: m.id, path: m.path });
      }
    }
    result.unmatchedPlenty.push(...openP.filter((p) => !used.has(p.id)).map((p) => ({ id: p.id, path: p.path })));
  }
  return result;
}

/** Every Magento category below the root (inactive ones too: REST), with its path of names. */
async function magentoSubtree(magento: MagentoClient, rootId: number, store: string): Promise<Named[]> {
  const root = (await magento.categories.list(searchCriteria().where('entity_id', rootId).pageSize(1), { store })).items[0];
  if (!root?.path) throw new Error(`Magento has no category ${rootId} (rootMapping.magentoRootId).`);
  const byId = new Map<number, { name: string; parent: number }>();
  for await (const c of magento.categories.scan(searchCriteria().where('path', `${root.path}/%`, 'like').sortBy('level'), { store })) {
    byId.set(c.id, { name: c.name, parent: c.parent_id });
  }
  return [...byId.entries()].map(([id, c]) => ({ id, name: c.name, path: pathOf(id, (i) => byId.get(i)) }));
}

async function plentyCategories(plenty: PlentyClient, lang: string): Promise<PlentyCategory[]> {
  const all: PlentyCategory[] = [];
  for await (const c of plenty.categories.scan({ type: 'item', with: ['details'], langs: [lang] })) all.push(c);
  return all;
}

function plentySubtree(all: PlentyCategory[], rootId: number | null, plentyId: number, lang: string): Named[] {
  const byId = new Map(all.map((c) => [c.id, {
    name: c.details?.find((d) => d.plentyId === plentyId && d.lang === lang)?.name ?? '',
    parent: c.parentCategoryId ?? null,
  }]));
  const below = (id: number): boolean => {
    for (let p = byId.get(id)?.parent ?? null; ; p = byId.get(p)?.parent ?? null) {
      if (p === rootId) return true;
      if (p === null || !byId.has(p)) return false;
    }
  };
  return all.filter((c) => below(c.id)).map((c) => ({
    id: c.id, name: byId.get(c.id)!.name, path: pathOf(c.id, (i) => { const n = i === rootId ? undefined : byId.get(i); return n && { name: n.name, parent: n.parent ?? -1 }; }),
  }));
}

/** "Women/Jackets/New in": names from below the root down to the category. */
function pathOf(id: number, get: (id: number) => { name: string; parent: number } | undefined): string {
  const names: string[] = [];
  for (let at: number | undefined = id, c = get(id); c; at = c.parent, c = get(at)) names.unshift(c.name);
  return names.join('/');
}
