/**
 * `categories(filters, pageSize, currentPage)`: active categories of the view's root tree. Without
 * filters Magento answers the store's root category (its `children` are the tree).
 */
import type { Category } from '../store/index.js';
import { categoryUrlKey, categoryUrlPath, categoryView } from './category-view.js';
import type { GraphqlContext } from './context.js';
import { decodeUid } from './context.js';
import type { EqualFilter, MatchFilter } from './filters.js';
import { checkPaging, equalValues, matchScore, pageOf } from './filters.js';

export interface CategoriesArgs {
  filters?: {
    ids?: EqualFilter | null;
    category_uid?: EqualFilter | null;
    parent_id?: EqualFilter | null;
    parent_category_uid?: EqualFilter | null;
    name?: MatchFilter | null;
    url_key?: EqualFilter | null;
    url_path?: EqualFilter | null;
  } | null;
  pageSize: number;
  currentPage: number;
}

function rootOf(ctx: GraphqlContext): Category | undefined {
  const group = ctx.store.layout.groups.find((g) => g.id === ctx.view.storeGroupId);
  return ctx.store.categories.get(group?.rootCategoryId ?? 2);
}

function idSet(filter: EqualFilter | null | undefined, decode: (v: string) => string): Set<number> | undefined {
  const values = equalValues(filter);
  return values ? new Set([...values].map((v) => Number(decode(v)))) : undefined;
}

export function resolveCategories(args: CategoriesArgs, ctx: GraphqlContext) {
  checkPaging(args);
  const root = rootOf(ctx);
  const filters = args.filters ?? {};
  const plain = (v: string) => v;
  const ids = idSet(filters.ids, plain);
  const uids = idSet(filters.category_uid, decodeUid);
  const parentIds = idSet(filters.parent_id, plain);
  const parentUids = idSet(filters.parent_category_uid, decodeUid);
  const urlKeys = equalValues(filters.url_key);
  const urlPaths = equalValues(filters.url_path);
  const name = filters.name;
  const anyFilter = [ids, uids, parentIds, parentUids, urlKeys, urlPaths, name].some((f) => f !== undefined && f !== null);

  let found: Category[];
  if (!root) found = [];
  else if (!anyFilter) found = root.isActive ? [root] : [];
  else {
    const inTree = (c: Category) => c.id === root.id || c.path.startsWith(`${root.path}/`);
    found = ctx.store.categories.list().filter(
      (c) =>
        c.isActive &&
        inTree(c) &&
        (!ids || ids.has(c.id)) &&
        (!uids || uids.has(c.id)) &&
        (!parentIds || parentIds.has(c.parentId)) &&
        (!parentUids || parentUids.has(c.parentId)) &&
        (!urlKeys || urlKeys.has(categoryUrlKey(c, ctx))) &&
        (!urlPaths || urlPaths.has(categoryUrlPath(c, ctx))) &&
        (!name || matchScore(name, ctx.store.categories.nameIn(c, ctx.view.code)) > 0),
    );
  }
  const page = pageOf(found, args);
  return { ...page, items: page.items.map((c) => categoryView(c, ctx)) };
}

/** `categoryList` (deprecated): the same search, answered as a bare list of active categories. */
export function resolveCategoryList(args: CategoriesArgs, ctx: GraphqlContext) {
  return resolveCategories(args, ctx).items;
}
