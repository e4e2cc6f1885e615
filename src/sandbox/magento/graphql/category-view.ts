/**
 * Renders a store category as the storefront's `CategoryTree` in the requested store view.
 * Inactive categories are not shown, neither as results nor as children.
 */
import type { Category } from '../store/index.js';
import type { GraphqlContext } from './context.js';
import { encodeUid, magentoDate, memoized } from './context.js';

const URL_SUFFIX = '.html';
/** Magento's invisible tree root and the store's root category: not part of URL paths. */
const TREE_ROOT_LEVEL = 1;

/** The URL key a store view shows (its own, else the global one, else the id). */
export function categoryUrlKey(category: Category, ctx: GraphqlContext): string {
  return ctx.store.categories.textsIn(category, ctx.view.code).urlKey || String(category.id);
}

/** `parent-key/child-key`: the url keys below the store's root category. */
export function categoryUrlPath(category: Category, ctx: GraphqlContext): string {
  const ids = category.path.split('/').map(Number);
  return ids
    .flatMap((id) => {
      const c = ctx.store.categories.get(id);
      return c && c.level > TREE_ROOT_LEVEL ? [categoryUrlKey(c, ctx)] : [];
    })
    .join('/');
}

/**
 * Products (enabled in the view's website) per category id, counted once per request. Categories
 * are anchors, so a product counts for its categories and all their ancestors, once each.
 */
function productCounts(ctx: GraphqlContext): Map<number, number> {
  return memoized(ctx, 'category-product-counts', () => {
    const counts = new Map<number, number>();
    for (const product of ctx.store.products.iterate()) {
      if (product.status !== 1 || !product.websiteIds.includes(ctx.view.websiteId)) continue;
      const ids = new Set<number>();
      for (const id of product.categoryIds) {
        for (const part of ctx.store.categories.get(id)?.path.split('/') ?? []) ids.add(Number(part));
      }
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  });
}

export function activeChildren(category: Category, ctx: GraphqlContext): Category[] {
  return ctx.store.categories.childrenOf(category.id).filter((c) => c.isActive);
}

export function categoryView(category: Category, ctx: GraphqlContext): Record<string, unknown> {
  return {
    __typename: 'CategoryTree',
    id: category.id,
    uid: encodeUid(category.id),
    name: ctx.store.categories.nameIn(category, ctx.view.code),
    description: ctx.store.categories.textsIn(category, ctx.view.code).description || null,
    url_key: categoryUrlKey(category, ctx),
    url_path: () => categoryUrlPath(category, ctx),
    url_suffix: URL_SUFFIX,
    canonical_url: null,
    path: category.path,
    level: category.level,
    position: category.position,
    children_count: () => String(ctx.store.categories.descendantCount(category.id)),
    product_count: () => productCounts(ctx).get(category.id) ?? 0,
    created_at: magentoDate(category.createdAt),
    updated_at: magentoDate(category.updatedAt),
    children: () => activeChildren(category, ctx).map((c) => categoryView(c, ctx)),
  };
}
