/**
 * `products(search, filter, pageSize, currentPage, sort)` with the storefront's semantics: only
 * enabled products of the view's website, visible in the catalog (filter) or in search (search),
 * in stock unless configured otherwise; configurables priced and stocked from their children.
 */
import { effectivePrice, textsIn } from '../store/index.js';
import type { Product } from '../store/index.js';
import type { GraphqlContext } from './context.js';
import { decodeUid } from './context.js';
import { inputError } from './errors.js';
import type { EqualFilter, MatchFilter, RangeFilter } from './filters.js';
import { checkPaging, equalValues, inRange, matchScore, pageOf } from './filters.js';
import { categoryUrlPath } from './category-view.js';
import { isEnabledInView, isInStock, productView, visibleChildren } from './product-view.js';

export interface ProductsArgs {
  search?: string | null;
  filter?: {
    sku?: EqualFilter | null;
    url_key?: EqualFilter | null;
    category_id?: EqualFilter | null;
    category_uid?: EqualFilter | null;
    category_url_path?: EqualFilter | null;
    name?: MatchFilter | null;
    description?: MatchFilter | null;
    price?: RangeFilter | null;
  } | null;
  pageSize: number;
  currentPage: number;
  sort?: { relevance?: 'ASC' | 'DESC' | null; position?: 'ASC' | 'DESC' | null } | null;
}

/** Catalog (2) and catalog+search (4) for listings; search (3) and catalog+search for search. */
const VISIBLE_IN_CATALOG = new Set([2, 4]);
const VISIBLE_IN_SEARCH = new Set([3, 4]);

type Predicate = (product: Product) => number;

/** Category ids a category filter selects, with descendants (Magento's categories are anchors). */
function categoryIds(args: ProductsArgs, ctx: GraphqlContext): Set<number> | undefined {
  const filter = args.filter ?? {};
  const direct = new Set<number>();
  let used = false;
  for (const [values, decode] of [
    [equalValues(filter.category_id), (v: string) => Number(v)],
    [equalValues(filter.category_uid), (v: string) => Number(decodeUid(v))],
  ] as const) {
    if (!values) continue;
    used = true;
    for (const v of values) direct.add(decode(v));
  }
  const paths = equalValues(filter.category_url_path);
  if (paths) {
    used = true;
    for (const c of ctx.store.categories.list()) if (paths.has(categoryUrlPath(c, ctx))) direct.add(c.id);
  }
  if (!used) return undefined;
  const prefixes = [...direct].flatMap((id) => {
    const c = ctx.store.categories.get(id);
    return c?.isActive ? [`${c.path}/`] : [];
  });
  const all = new Set([...direct].filter((id) => ctx.store.categories.get(id)?.isActive));
  for (const c of ctx.store.categories.list()) {
    if (c.isActive && prefixes.some((p) => c.path.startsWith(p))) all.add(c.id);
  }
  return all;
}

function lowestPrice(product: Product, ctx: GraphqlContext): number {
  if (product.typeId !== 'configurable') return effectivePrice(product);
  const prices = visibleChildren(product, ctx).map(effectivePrice);
  return prices.length > 0 ? Math.min(...prices) : effectivePrice(product);
}

/** Each predicate returns a relevance score, 0 meaning "not a match". */
function predicates(args: ProductsArgs, ctx: GraphqlContext): Predicate[] {
  const filter = args.filter ?? {};
  const view = ctx.view.code;
  const visibility = args.search ? VISIBLE_IN_SEARCH : VISIBLE_IN_CATALOG;
  const list: Predicate[] = [
    (p) => (isEnabledInView(p, ctx) && visibility.has(p.visibility) ? 1 : 0),
  ];
  const skus = equalValues(filter.sku);
  if (skus) list.push((p) => (skus.has(p.sku) ? 1 : 0));
  const urlKeys = equalValues(filter.url_key);
  if (urlKeys) list.push((p) => (urlKeys.has(textsIn(p, view).urlKey) ? 1 : 0));
  const categories = categoryIds(args, ctx);
  if (categories) list.push((p) => (p.categoryIds.some((id) => categories.has(id)) ? 1 : 0));
  const { name, description, price } = filter;
  if (name) list.push((p) => matchScore(name, textsIn(p, view).name));
  if (description) list.push((p) => matchScore(description, textsIn(p, view).description));
  if (price) list.push((p) => (inRange(price, lowestPrice(p, ctx)) ? 1 : 0));
  const search = args.search;
  if (search) {
    const query = { match: search, match_type: 'PARTIAL' as const };
    list.push((p) => {
      const texts = textsIn(p, view);
      return matchScore(query, `${texts.name} ${p.sku} ${texts.description}`);
    });
  }
  if (!ctx.showOutOfStock) list.push((p) => (isInStock(p, ctx) ? 1 : 0));
  return list;
}

/** SKU filters are answered by O(1) lookups; everything else streams the catalog. */
function candidates(args: ProductsArgs, ctx: GraphqlContext): Iterable<Product> {
  const skus = equalValues(args.filter?.sku);
  if (!skus) return ctx.store.products.iterate();
  return [...skus]
    .flatMap((sku) => ctx.store.products.getBySku(sku) ?? [])
    .sort((a, b) => a.id - b.id);
}

/** Matching entity ids in id order, with relevance scores only when the sort needs them. */
function matchingIds(args: ProductsArgs, ctx: GraphqlContext, withScores: boolean): { ids: number[]; scores: number[] } {
  const tests = predicates(args, ctx);
  const ids: number[] = [];
  const scores: number[] = [];
  for (const product of candidates(args, ctx)) {
    let score = 0;
    for (const test of tests) {
      const s = test(product);
      if (s === 0) {
        score = 0;
        break;
      }
      score += s;
    }
    if (score === 0) continue;
    ids.push(product.id);
    if (withScores) scores.push(score);
  }
  return { ids, scores };
}

export function resolveProducts(args: ProductsArgs, ctx: GraphqlContext) {
  if (!args.search && !args.filter) throw inputError("'search' or 'filter' input argument is required.");
  checkPaging(args);
  const sort = args.sort ?? (args.search ? { relevance: 'DESC' as const } : {});
  const { ids, scores } = matchingIds(args, ctx, Boolean(sort.relevance));
  let ordered = ids;
  if (sort.relevance) {
    const sign = sort.relevance === 'DESC' ? -1 : 1;
    const positions = ids.map((_, i) => i);
    positions.sort((a, b) => sign * ((scores[a] as number) - (scores[b] as number)) || a - b);
    ordered = positions.map((i) => ids[i] as number);
  } else if (sort.position === 'DESC') {
    ordered = ids.reverse();
  }
  const page = pageOf(ordered, args);
  return {
    ...page,
    items: page.items.flatMap((id) => {
      const product = ctx.store.products.getById(id);
      return product ? [productView(product, ctx)] : [];
    }),
  };
}
