/**
 * Streams the PlentyONE categories (type item) below each mapped root, parents before children. The
 * category list is small, so it is read whole (250 per call, details of the mapped clients and
 * languages) and then filtered:
 * - ids (PlentyONE category callbacks, `--ids`): the named categories plus ancestors not in Magento
 *   yet; a named category PlentyONE no longer has is a deletion;
 * - delta: categories updated since the watermark (minus collection.overlapSeconds) and every category
 *   not linked yet (never imported, or failed);
 * - full: every category, and linked categories PlentyONE no longer has.
 */
import type { PlentyCategory } from '../../../connectors/plenty/index.js';
import type { Collected } from '../../profile-type.js';
import { deltaStart, streamPlanned } from '../category-runs.js';
import { plentyOf, type Ctx } from './clients.js';
import { CATEGORY_LINK, type Placement, type RawCategory } from './record.js';

type Found = Extract<RawCategory, { kind: 'category' }>;

export async function* collectCategories(ctx: Ctx, checkpoint: unknown): AsyncIterable<Collected<RawCategory>> {
  yield* streamPlanned(await plan(ctx), (raw) => String(raw.kind === 'category' ? raw.category.id : raw.plentyId), checkpoint);
}

async function plan(ctx: Ctx): Promise<RawCategory[]> {
  const all = await readAll(ctx);
  const found: Found[] = [];
  for (const row of ctx.config.rootMapping) {
    const placement: Placement = { magentoRootId: row.magentoRootId, plentyRootId: row.plentyCategoryId ?? null };
    for (const category of subtree(all, placement.plentyRootId)) found.push({ kind: 'category', category, placement });
  }
  const input = ctx.run.input;
  if (input.mode === 'ids') return byIds(ctx, found, all, input.ids ?? []);
  if (input.mode === 'full') return [...found, ...(await vanished(ctx, all))];
  const since = await deltaStart(ctx);
  const linked = await Promise.all(found.map(async (f) => (await ctx.links.byPlentyId(CATEGORY_LINK, String(f.category.id))) !== undefined));
  return found.filter((f, i) => !linked[i] || since === undefined || !f.category.updatedAt || new Date(f.category.updatedAt) >= since);
}

async function readAll(ctx: Ctx): Promise<Map<number, PlentyCategory>> {
  const plenty = await plentyOf(ctx);
  const langs = [...new Set(ctx.config.storeMapping.map((r) => r.language))];
  const all = new Map<number, PlentyCategory>();
  for await (const c of plenty.categories.scan({ type: 'item', with: ['details', 'clients'], langs, pageSize: ctx.config.collection.pageSize, signal: ctx.signal })) {
    all.set(c.id, c);
  }
  return all;
}

/** Below `rootId` (null: everything), breadth first, siblings by the position of their first detail. */
function subtree(all: Map<number, PlentyCategory>, rootId: number | null): PlentyCategory[] {
  const children = new Map<number | null, PlentyCategory[]>();
  for (const c of all.values()) {
    const parent = c.parentCategoryId ?? null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const position = (c: PlentyCategory) => c.details?.[0]?.position ?? 0;
  const out: PlentyCategory[] = [];
  const queue: (number | null)[] = [rootId];
  while (queue.length > 0) {
    const kids = (children.get(queue.shift()!) ?? []).sort((a, b) => position(a) - position(b) || a.id - b.id);
    out.push(...kids);
    queue.push(...kids.map((k) => k.id));
  }
  return out;
}

async function byIds(ctx: Ctx, found: Found[], all: Map<number, PlentyCategory>, ids: string[]): Promise<RawCategory[]> {
  const byId = new Map(found.map((f) => [f.category.id, f]));
  const wanted = new Set<number>();
  const out: RawCategory[] = [];
  for (const id of new Set(ids.map(Number))) {
    if (!Number.isInteger(id)) continue;
    if (!byId.has(id)) {
      out.push(all.has(id)
        ? { kind: 'hidden', plentyId: id, reason: `Not below a mapped PlentyONE root (rootMapping), or not of type item.` }
        : { kind: 'gone', plentyId: id });
      continue;
    }
    wanted.add(id);
    for (let parent = byId.get(id)!.category.parentCategoryId; parent != null && byId.has(parent); parent = byId.get(parent)!.category.parentCategoryId) {
      if (await ctx.links.byPlentyId(CATEGORY_LINK, String(parent))) break;
      wanted.add(parent);
    }
  }
  return [...found.filter((f) => wanted.has(f.category.id)), ...out];
}

/** Categories this profile imported whose PlentyONE category is gone. */
async function vanished(ctx: Ctx, all: Map<number, PlentyCategory>): Promise<RawCategory[]> {
  const roots = new Set(ctx.config.rootMapping.map((r) => r.magentoRootId));
  const links = await ctx.links.list(CATEGORY_LINK);
  return links
    .filter((l) => !all.has(Number(l.plentyId)) && roots.has(Number((l.meta as { rootId?: unknown } | null)?.rootId)))
    .map((l) => ({ kind: 'gone', plentyId: Number(l.plentyId) }));
}
