/**
 * Streams the categories of a run, parents before children. A category tree is small (hundreds, at
 * most a few thousand categories), so each mapped root's subtree is read whole — a handful of calls
 * per store view — and then filtered:
 * - ids (Magento category webhooks, `--ids`): the named categories, plus ancestors not in PlentyONE yet
 *   (a new subcategory of a new category needs both); a named category Magento no longer has is a
 *   deletion, one outside the mapped roots or inactive is skipped with the reason;
 * - delta: categories changed since the watermark (minus collection.overlapSeconds), and every
 *   category not linked yet (never written, or failed: it is tried again);
 * - full: every category, and linked categories Magento no longer has (deletions whose webhook was missed).
 * Each record carries a checkpoint (its position); a resumed run reads the tree again and goes on after it.
 */
import { searchCriteria } from '../../../connectors/magento/index.js';
import type { Collected } from '../../profile-type.js';
import { deltaStart, streamPlanned } from '../category-runs.js';
import { magentoTime } from '../plenty_order_export/record.js';
import { magentoOf, type Ctx } from './clients.js';
import { readSubtree, type MagentoNode } from './magento-tree.js';
import { CATEGORY_LINK, type RawCategory } from './record.js';


export async function* collectCategories(ctx: Ctx, checkpoint: unknown): AsyncIterable<Collected<RawCategory>> {
  yield* streamPlanned(await plan(ctx), (raw) => String(raw.kind === 'node' ? raw.node.id : raw.magentoId), checkpoint);
}

async function plan(ctx: Ctx): Promise<RawCategory[]> {
  const magento = await magentoOf(ctx);
  const trees: RawCategory[] = [];
  for (const row of ctx.config.rootMapping) {
    const placement = { rootId: row.magentoRootId, plentyRootId: row.plentyCategoryId ?? null };
    for (const node of await readSubtree(ctx, magento, row.magentoRootId)) trees.push({ kind: 'node', node, placement });
  }
  const nodes = trees.filter((r): r is Extract<RawCategory, { kind: 'node' }> => r.kind === 'node');
  const input = ctx.run.input;
  if (input.mode === 'ids') return byIds(ctx, nodes, input.ids ?? []);
  if (input.mode === 'full') return [...nodes, ...(await vanished(ctx, nodes))];
  const since = await deltaStart(ctx);
  const linked = await ctx.links.getMany(CATEGORY_LINK, nodes.map((n) => String(n.node.id)));
  return nodes.filter((n) => !linked.has(String(n.node.id)) || changedSince(n.node, since));
}

function changedSince(node: MagentoNode, since: Date | undefined): boolean {
  return since === undefined || node.updatedAt === undefined || magentoTime(node.updatedAt) >= since;
}

async function byIds(ctx: Ctx, nodes: Extract<RawCategory, { kind: 'node' }>[], ids: string[]): Promise<RawCategory[]> {
  const byId = new Map(nodes.map((n) => [n.node.id, n]));
  const wanted = new Set<number>();
  const missing: number[] = [];
  for (const id of new Set(ids.map(Number))) {
    if (!Number.isInteger(id)) continue;
    if (!byId.has(id)) {
      missing.push(id);
      continue;
    }
    wanted.add(id);
    // Ancestors that are not in PlentyONE yet go first.
    for (let parent = byId.get(id)!.node.parentId; byId.has(parent); parent = byId.get(parent)!.node.parentId) {
      if (await ctx.links.get(CATEGORY_LINK, String(parent))) break;
      wanted.add(parent);
    }
  }
  const found = nodes.filter((n) => wanted.has(n.node.id));
  const notFound = await Promise.all(missing.map((id) => notInTree(ctx, id)));
  return [...found, ...notFound];
}

/** Linked categories of the mapped roots that the tree no longer has. */
async function vanished(ctx: Ctx, nodes: Extract<RawCategory, { kind: 'node' }>[]): Promise<RawCategory[]> {
  const present = new Set(nodes.map((n) => String(n.node.id)));
  const roots = new Set(ctx.config.rootMapping.map((r) => r.magentoRootId));
  const links = await ctx.links.list(CATEGORY_LINK);
  const gone = links.filter((l) => !present.has(l.magentoKey) && roots.has(Number((l.meta as { rootId?: unknown } | null)?.rootId)));
  return Promise.all(gone.map((l) => notInTree(ctx, Number(l.magentoKey))));
}

/**
 * A category the tree read did not show: deleted (Magento does not know it), or there but not exported
 * (inactive, or outside the mapped roots). Asked through REST, which sees inactive categories too.
 */
async function notInTree(ctx: Ctx, id: number): Promise<RawCategory> {
  const magento = await magentoOf(ctx);
  const { items } = await magento.categories.list(searchCriteria().where('entity_id', id).pageSize(1), { signal: ctx.signal });
  const category = items[0];
  if (!category) return { kind: 'gone', magentoId: id };
  if (category.is_active === false && !ctx.config.options.includeInactive) {
    return { kind: 'hidden', magentoId: id, reason: 'Disabled in Magento: not exported (options.includeInactive is off).' };
  }
  return { kind: 'hidden', magentoId: id, reason: `Not below a mapped root category (rootMapping: ${ctx.config.rootMapping.map((r) => r.magentoRootId).join(', ') || 'none'}).` };
}
