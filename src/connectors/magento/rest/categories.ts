/** Categories: tree, search, create, update, move, delete. */
import { z } from 'zod';
import type { MagentoRestTransport } from '../rest-transport.js';
import { segment } from '../rest-transport.js';
import { categorySchema, categorySearchResultSchema, categoryTreeSchema } from '../schemas/category.js';
import type { MagentoCategory, MagentoCategoryInput, MagentoCategoryTreeNode } from '../schemas/category.js';
import type { SearchResult } from '../schemas/search-result.js';
import type { SearchCriteria } from '../search-criteria.js';
import type { CallOptions } from './call-options.js';
import { searchItems, searchPages } from './paging.js';

export function categoriesApi(rest: MagentoRestTransport) {
  const list = (criteria: SearchCriteria, options: CallOptions = {}): Promise<SearchResult<MagentoCategory>> =>
    rest.call(
      { method: 'GET', path: '/V1/categories/list', route: 'GET /V1/categories/list', query: criteria, ...options },
      categorySearchResultSchema,
    );
  return {
    /** The tree below `rootCategoryId` (default: Magento's root), `depth` levels deep (default all). */
    tree: (options: CallOptions & { rootCategoryId?: number; depth?: number } = {}): Promise<MagentoCategoryTreeNode> => {
      const query: [string, string][] = [];
      if (options.rootCategoryId !== undefined) query.push(['rootCategoryId', String(options.rootCategoryId)]);
      if (options.depth !== undefined) query.push(['depth', String(options.depth)]);
      return rest.call(
        { method: 'GET', path: '/V1/categories', route: 'GET /V1/categories', query, store: options.store, signal: options.signal },
        categoryTreeSchema,
      );
    },

    list,

    /** Every category matching the criteria (inactive ones too), page by page, as `store` shows it. */
    scan: (criteria: SearchCriteria, options: CallOptions = {}): AsyncGenerator<MagentoCategory> =>
      searchItems(searchPages(criteria, (page) => list(page, options))),

    /** Not retried: a lost answer may hide a created category. Default scope `all`. */
    create: (category: MagentoCategoryInput, options: CallOptions = {}): Promise<MagentoCategory> =>
      rest.call(
        { method: 'POST', path: '/V1/categories', route: 'POST /V1/categories', body: { category }, store: options.store ?? 'all', signal: options.signal },
        categorySchema,
      ),

    /**
     * Moves the category (with its subcategories) below `parentId`, after the sibling `afterId`
     * (default: last). Magento answers `true`; a parent inside the category's own subtree is refused.
     */
    move: (id: number, parentId: number, options: CallOptions & { afterId?: number } = {}): Promise<boolean> =>
      rest.call(
        {
          method: 'PUT',
          path: `/V1/categories/${segment(id)}/move`,
          route: 'PUT /V1/categories/:id/move',
          body: options.afterId === undefined ? { parentId } : { parentId, afterId: options.afterId },
          idempotent: true,
          store: options.store ?? 'all',
          signal: options.signal,
        },
        z.boolean(),
      ),

    /** Deletes the category and its subcategories. */
    delete: (id: number, options: CallOptions = {}): Promise<unknown> =>
      rest.call(
        { method: 'DELETE', path: `/V1/categories/${segment(id)}`, route: 'DELETE /V1/categories/:id', idempotent: true, store: options.store ?? 'all', signal: options.signal },
        z.unknown(),
      ),

    /** Default scope `all`; pass a store code to write that view's name and URL key. */
    update: (id: number, category: MagentoCategoryInput, options: CallOptions = {}): Promise<MagentoCategory> =>
      rest.call(
        {
          method: 'PUT',
          path: `/V1/categories/${segment(id)}`,
          route: 'PUT /V1/categories/:id',
          body: { category: { ...category, id } },
          idempotent: true,
          store: options.store ?? 'all',
          signal: options.signal,
        },
        categorySchema,
      ),
  };
}

export type CategoriesApi = ReturnType<typeof categoriesApi>;
