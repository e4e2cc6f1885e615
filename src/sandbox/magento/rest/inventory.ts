import { Hono } from 'hono';
import type { MagentoStore, SourceItem } from '../store/index.js';
import { MagentoStoreError } from '../store/index.js';
import { readJson, type RestEnv } from './http.js';
import { echoCriteria, parseSearchCriteria, searchRecords, type FieldValue, type SearchCriteria } from './search-criteria.js';

/** MSI: `/V1/inventory/sources`, `/V1/inventory/source-items` (search + batch save), `/V1/inventory/source-items-delete`. */
export function inventoryRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();
  const { inventory } = store;

  app.get('/inventory/sources', (c) => {
    const criteria = c.req.url.includes('searchCriteria') ? parseSearchCriteria(new URL(c.req.url)) : emptyCriteria();
    const sources = inventory.sources().map((s) => ({
      source_code: s.sourceCode,
      name: s.name,
      enabled: s.enabled,
      country_id: s.countryId,
      postcode: s.postcode,
    }));
    const read = (s: Record<string, unknown>, field: string) => (s[field] ?? null) as FieldValue;
    const { items, total } = searchRecords(sources, criteria, read, true);
    return c.json({ items, search_criteria: echoCriteria(criteria), total_count: total });
  });

  app.get('/inventory/source-items', (c) => {
    const criteria = parseSearchCriteria(new URL(c.req.url));
    const read = (item: SourceItem, field: string): FieldValue => {
      if (field === 'sku') return item.sku;
      if (field === 'source_code') return item.sourceCode;
      if (field === 'quantity') return item.quantity;
      if (field === 'status') return item.status;
      return null;
    };
    const { items, total } = searchRecords(sourceItemCandidates(store, criteria), criteria, read, true);
    return c.json({
      items: items.map((i) => ({ sku: i.sku, source_code: i.sourceCode, quantity: i.quantity, status: i.status })),
      search_criteria: echoCriteria(criteria),
      total_count: total,
    });
  });

  app.post('/inventory/source-items', async (c) => {
    const body = await readJson(c);
    const raw = body.sourceItems ?? body.source_items;
    if (!Array.isArray(raw)) throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: 'sourceItems' });
    const items = (raw as Record<string, unknown>[]).map((i) => ({
      sku: String(i.sku ?? ''),
      sourceCode: String(i.source_code ?? i.sourceCode ?? ''),
      quantity: Number(i.quantity ?? 0),
      status: (Number(i.status ?? 1) === 1 ? 1 : 0) as 0 | 1,
    }));
    await inventory.save(items);
    return c.json([]);
  });

  app.post('/inventory/source-items-delete', async (c) => {
    const body = await readJson(c);
    const raw = body.sourceItems ?? body.source_items;
    if (!Array.isArray(raw)) throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: 'sourceItems' });
    inventory.delete((raw as Record<string, unknown>[]).map((i) => ({ sku: String(i.sku ?? ''), sourceCode: String(i.source_code ?? i.sourceCode ?? '') })));
    return c.json([]);
  });

  return app;
}

/** SKU filters are answered by lookup instead of a scan over the catalog. */
function* sourceItemCandidates(store: MagentoStore, criteria: SearchCriteria): Iterable<SourceItem> {
  for (const group of criteria.filterGroups) {
    if (group.filters.length > 0 && group.filters.every((f) => f.field === 'sku' && (f.conditionType === 'eq' || f.conditionType === 'in'))) {
      const skus = new Set(group.filters.flatMap((f) => (f.conditionType === 'in' ? f.value.split(',') : [f.value])).map((s) => s.trim()));
      const products = [...skus].flatMap((sku) => store.products.getBySku(sku) ?? []).sort((a, b) => a.id - b.id);
      for (const product of products) yield* store.inventory.itemsOf(product.sku);
      return;
    }
  }
  yield* store.inventory.iterate();
}

function emptyCriteria(): SearchCriteria {
  return { filterGroups: [], sortOrders: [], pageSize: undefined, currentPage: undefined };
}
