/**
 * Reads a Magento category subtree as every mapped store view shows it, parents before children.
 *
 * Active categories of a store view's own tree come from storefront GraphQL (the generated
 * CategoryLevel operation, one level at a time, with the `Store` header). REST is used only where
 * GraphQL cannot answer: inactive categories (GraphQL hides them; `options.includeInactive`), a root
 * that is no store view's root (GraphQL only shows the store's own tree), and attributes GraphQL's
 * CategoryInterface does not have (meta title, keywords and description, custom attributes).
 */
import { searchCriteria, type MagentoCategory, type MagentoClient } from '../../../connectors/magento/index.js';
import { CategoryLevelDocument, CategoryRootDocument } from '../../../graphql/generated/graphql.js';
import type { Ctx } from './clients.js';

/** What GraphQL's CategoryTree tells about a category's attributes. */
export const GRAPHQL_ATTRIBUTES = new Set(['name', 'description', 'url_key', 'position']);

export interface MagentoNode {
  id: number;
  parentId: number;
  level: number;
  position: number;
  isActive: boolean;
  /** Magento's `updated_at` (UTC), the latest of the store views. */
  updatedAt: string | undefined;
  /** Store view code → attribute code → value as that store view shows it. */
  values: Record<string, Record<string, string>>;
}

const LEVEL_PAGE_SIZE = 100;
const uidOf = (id: number) => Buffer.from(String(id), 'utf8').toString('base64');
const idOfUid = (uid: string) => Number(Buffer.from(uid, 'base64').toString('utf8'));

/** The subtree below `rootId` (without the root), breadth first. */
export async function readSubtree(ctx: Ctx, magento: MagentoClient, rootId: number): Promise<MagentoNode[]> {
  const stores = [...new Set(ctx.config.storeMapping.map((r) => r.storeView))];
  const needRest = ctx.config.options.includeInactive || !(await isStoreRoot(ctx, magento, stores, rootId));
  const extra = ctx.config.attributes.some((row) => !GRAPHQL_ATTRIBUTES.has(row.attribute));
  const nodes = new Map<number, MagentoNode>();
  const order: number[] = [];
  for (const store of stores) {
    if (needRest) {
      for (const c of await restSubtree(ctx, magento, rootId, store)) add(nodes, order, c.node, store, c.values);
    } else {
      for (const c of await graphqlSubtree(ctx, magento, rootId, store)) add(nodes, order, c.node, store, c.values);
      if (extra) {
        // GraphQL has no meta fields: the rest of the values of the same (active) categories.
        for (const c of await restSubtree(ctx, magento, rootId, store)) {
          const known = nodes.get(c.node.id)?.values[store];
          if (known) for (const [k, v] of Object.entries(c.values)) if (!GRAPHQL_ATTRIBUTES.has(k)) known[k] = v;
        }
      }
    }
  }
  return breadthFirst(order.map((id) => nodes.get(id)!), rootId);
}

function add(nodes: Map<number, MagentoNode>, order: number[], node: Omit<MagentoNode, 'values'>, store: string, values: Record<string, string>): void {
  let known = nodes.get(node.id);
  if (!known) {
    known = { ...node, values: {} };
    nodes.set(node.id, known);
    order.push(node.id);
  } else if (node.updatedAt && (!known.updatedAt || node.updatedAt > known.updatedAt)) {
    known.updatedAt = node.updatedAt;
  }
  known.values[store] = values;
}

/** Parents before children, siblings by position: the order categories are written in. */
function breadthFirst(all: MagentoNode[], rootId: number): MagentoNode[] {
  const children = new Map<number, MagentoNode[]>();
  for (const n of all) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const out: MagentoNode[] = [];
  const queue = [rootId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const kids = (children.get(id) ?? []).sort((a, b) => a.position - b.position || a.id - b.id);
    out.push(...kids);
    queue.push(...kids.map((k) => k.id));
  }
  return out;
}

async function isStoreRoot(ctx: Ctx, magento: MagentoClient, stores: string[], rootId: number): Promise<boolean> {
  for (const store of stores) {
    const { storeConfig } = await magento.graphql.request(CategoryRootDocument, {}, { store, signal: ctx.signal });
    if (!storeConfig?.root_category_uid || idOfUid(storeConfig.root_category_uid) !== rootId) return false;
  }
  return true;
}

async function graphqlSubtree(ctx: Ctx, magento: MagentoClient, rootId: number, store: string) {
  const out: { node: Omit<MagentoNode, 'values'>; values: Record<string, string> }[] = [];
  let parents = [uidOf(rootId)];
  while (parents.length > 0) {
    const next: string[] = [];
    for (let page = 1, pages = 1; page <= pages; page++) {
      const { categories } = await magento.graphql.request(
        CategoryLevelDocument, { parents, pageSize: LEVEL_PAGE_SIZE, currentPage: page }, { store, signal: ctx.signal },
      );
      pages = categories?.page_info?.total_pages ?? 1;
      for (const item of categories?.items ?? []) {
        if (!item) continue;
        const path = (item.path ?? '').split('/').map(Number);
        const id = idOfUid(item.uid);
        out.push({
          node: { id, parentId: path[path.length - 2] ?? rootId, level: item.level ?? 0, position: item.position ?? 0, isActive: true, updatedAt: item.updated_at ?? undefined },
          values: clean({ name: item.name, description: item.description, url_key: item.url_key, position: item.position }),
        });
        next.push(item.uid);
      }
    }
    parents = next;
  }
  return out;
}

async function restSubtree(ctx: Ctx, magento: MagentoClient, rootId: number, store: string) {
  const root = await magento.categories.list(searchCriteria().where('entity_id', rootId).pageSize(1), { store, signal: ctx.signal });
  const rootPath = root.items[0]?.path;
  if (!rootPath) throw new Error(`Magento has no category ${rootId} (rootMapping.magentoRootId): map an existing root category.`);
  const criteria = searchCriteria().where('path', `${rootPath}/%`, 'like').sortBy('level').pageSize(ctx.config.collection.pageSize);
  const active = ctx.config.options.includeInactive ? undefined : true;
  const out: { node: Omit<MagentoNode, 'values'>; values: Record<string, string> }[] = [];
  for await (const c of magento.categories.scan(criteria, { store, signal: ctx.signal })) {
    if (active && c.is_active === false) continue;
    out.push({ node: nodeOf(c), values: valuesOf(c) });
  }
  return out;
}

function nodeOf(c: MagentoCategory): Omit<MagentoNode, 'values'> {
  return { id: c.id, parentId: c.parent_id, level: c.level ?? 0, position: c.position ?? 0, isActive: c.is_active !== false, updatedAt: c.updated_at };
}

function valuesOf(c: MagentoCategory): Record<string, string> {
  const custom = Object.fromEntries((c.custom_attributes ?? []).map((a) => [a.attribute_code, a.value]));
  return clean({ ...custom, name: c.name, position: c.position });
}

function clean(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).flatMap(([k, v]) => (v === null || v === undefined || typeof v === 'object' ? [] : [[k, String(v)]])));
}
