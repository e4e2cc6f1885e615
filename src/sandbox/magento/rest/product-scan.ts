/**
 * Filtered or sorted product searches answered from the ids the same search matched before (per store
 * view, until a product is saved or deleted), as Magento's indexes would: paging through a large
 * catalog costs a page, not a pass over the whole catalog for every page.
 */
import type { Product } from '../store/index.js';
import type { ProductRepository } from '../store/products.js';
import { matchesAll, pageWindow, sortRecords, type FieldReader, type SearchCriteria } from './search-criteria.js';

/** Searches remembered per repository; the oldest is forgotten past this many. */
const MAX_SEARCHES = 32;

const remembered = new WeakMap<ProductRepository, { version: number; ids: Map<string, number[]> }>();

function matchingIds(products: ProductRepository, criteria: SearchCriteria, storeCode: string, read: FieldReader<Product>): number[] {
  let entry = remembered.get(products);
  if (!entry || entry.version !== products.version) {
    entry = { version: products.version, ids: new Map() };
    remembered.set(products, entry);
  }
  const key = JSON.stringify([storeCode, criteria.filterGroups, criteria.sortOrders]);
  let ids = entry.ids.get(key);
  if (!ids) {
    const found: Product[] = [];
    for (const product of products.iterate()) if (matchesAll(product, criteria, read)) found.push(product);
    ids = (criteria.sortOrders.length ? sortRecords(found, criteria, read) : found).map((p) => p.id);
    if (entry.ids.size >= MAX_SEARCHES) entry.ids.delete(entry.ids.keys().next().value!);
    entry.ids.set(key, ids);
  }
  return ids;
}

/** One page of a search over all products (past the last page: empty, as Magento's product list answers). */
export function scanProducts(products: ProductRepository, criteria: SearchCriteria, storeCode: string, read: FieldReader<Product>): { items: Product[]; total: number } {
  const ids = matchingIds(products, criteria, storeCode, read);
  const { offset, size } = pageWindow(criteria, ids.length, false);
  return { items: ids.slice(offset, offset + size).flatMap((id) => products.getById(id) ?? []), total: ids.length };
}
