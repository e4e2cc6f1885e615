import { Hono } from 'hono';
import type { Category, MagentoStore } from '../store/index.js';
import { MagentoStoreError } from '../store/index.js';
import { DEFAULT_ROOT_ID } from '../store/categories.js';
import type { CategoryTexts } from '../store/types.js';
import { bool, intParam, num, readJson, requireObject, str, type RestEnv } from './http.js';
import { magentoTime } from './format.js';
import { echoCriteria, parseSearchCriteria, searchRecords, type FieldValue } from './search-criteria.js';

type Json = Record<string, unknown>;

/** Store-scoped category attributes as `custom_attributes` codes. */
const TEXT_CODES: Record<string, keyof CategoryTexts> = {
  url_key: 'urlKey', description: 'description', meta_title: 'metaTitle', meta_keywords: 'metaKeywords', meta_description: 'metaDescription',
};

/** `custom_attributes: [{attribute_code, value}]` → the texts they set. */
function textsOf(input: Json): Partial<CategoryTexts> {
  const out: Partial<CategoryTexts> = {};
  const list = Array.isArray(input.custom_attributes) ? (input.custom_attributes as Json[]) : [];
  for (const row of list) {
    const field = TEXT_CODES[String(row.attribute_code)];
    if (field && row.value !== undefined && row.value !== null) out[field] = String(row.value);
  }
  return out;
}

/**
 * `/V1/categories`: tree, list (searchCriteria), get, create, update, move, delete. Saves through
 * `/rest/<store>/V1` write the name and the texts of that store view; `/rest/all/V1` the global ones.
 */
export function categoryRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();
  const { categories } = store;

  app.get('/categories', (c) => {
    const rootId = num(c.req.query('rootCategoryId')) ?? DEFAULT_ROOT_ID;
    const depth = num(c.req.query('depth'));
    const root = categories.require(rootId);
    return c.json(renderTree(store, root, c.get('storeCode'), depth === undefined ? Infinity : depth));
  });

  app.get('/categories/list', (c) => {
    const criteria = parseSearchCriteria(new URL(c.req.url));
    const storeCode = c.get('storeCode');
    const read = (cat: Category, field: string): FieldValue => categoryField(store, cat, field, storeCode);
    const { items, total } = searchRecords(categories.list(), criteria, read, true);
    return c.json({
      items: items.map((cat) => renderCategory(store, cat, storeCode)),
      search_criteria: echoCriteria(criteria),
      total_count: total,
    });
  });

  app.get('/categories/:id', (c) => c.json(renderCategory(store, categories.require(intParam(c.req.param('id'))), c.get('storeCode'))));

  app.post('/categories', async (c) => {
    const input = requireObject(await readJson(c), 'category');
    const name = str(input.name);
    if (!name) throw new MagentoStoreError('The "%1" attribute value is empty. Set the attribute and try again.', ['name']);
    const category = await categories.create({
      name,
      parentId: num(input.parent_id),
      isActive: bool(input.is_active),
      position: num(input.position),
      includeInMenu: bool(input.include_in_menu),
      texts: textsOf(input),
    }, c.get('storeCode'));
    return c.json(renderCategory(store, category, c.get('storeCode')));
  });

  app.put('/categories/:id', async (c) => {
    const input = requireObject(await readJson(c), 'category');
    const category = await categories.update(
      intParam(c.req.param('id')),
      { name: str(input.name), isActive: bool(input.is_active), position: num(input.position), includeInMenu: bool(input.include_in_menu), texts: textsOf(input) },
      c.get('storeCode'),
    );
    return c.json(renderCategory(store, category, c.get('storeCode')));
  });

  // CategoryManagementInterface::move (`PUT /V1/categories/:categoryId/move`), answering `true`.
  app.put('/categories/:id/move', async (c) => {
    const body = await readJson(c);
    const parentId = num(body.parentId);
    if (parentId === undefined) throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: 'parentId' });
    await categories.move(intParam(c.req.param('id')), parentId, num(body.afterId));
    return c.json(true);
  });

  app.delete('/categories/:id', async (c) => {
    await categories.delete(intParam(c.req.param('id')));
    return c.json(true);
  });

  return app;
}

/** What `CategoryInterface` and `CategoryTreeInterface` have in common. */
function commonFields(store: MagentoStore, category: Category, storeCode: string): Json {
  return {
    id: category.id,
    parent_id: category.parentId,
    name: store.categories.nameIn(category, storeCode),
    is_active: category.isActive,
    position: category.position,
    level: category.level,
  };
}

/** `CategoryInterface` as `GET /V1/categories/{id}` and the list render it. */
function renderCategory(store: MagentoStore, category: Category, storeCode: string): Json {
  const children = store.categories.childrenOf(category.id).map((c) => c.id);
  return {
    ...commonFields(store, category, storeCode),
    children: children.join(','),
    created_at: magentoTime(category.createdAt),
    updated_at: magentoTime(category.updatedAt),
    path: category.path,
    available_sort_by: [],
    include_in_menu: category.includeInMenu,
    custom_attributes: [
      ...Object.entries(TEXT_CODES).flatMap(([code, field]) => {
        const value = store.categories.textsIn(category, storeCode)[field];
        return value === '' ? [] : [{ attribute_code: code, value }];
      }),
      { attribute_code: 'children_count', value: String(store.categories.descendantCount(category.id)) },
    ],
  };
}

/** `CategoryTreeInterface` of `GET /V1/categories`. */
function renderTree(store: MagentoStore, category: Category, storeCode: string, depth: number): Json {
  const children = depth > 0 ? store.categories.childrenOf(category.id) : [];
  return {
    ...commonFields(store, category, storeCode),
    product_count: 0,
    children_data: children.map((child) => renderTree(store, child, storeCode, depth - 1)),
  };
}

function categoryField(store: MagentoStore, category: Category, field: string, storeCode: string): FieldValue {
  switch (field) {
    case 'entity_id':
    case 'id':
      return category.id;
    case 'parent_id':
      return category.parentId;
    case 'name':
      return store.categories.nameIn(category, storeCode);
    case 'is_active':
      return category.isActive ? 1 : 0;
    case 'level':
      return category.level;
    case 'position':
      return category.position;
    case 'path':
      return category.path;
    case 'created_at':
      return magentoTime(category.createdAt);
    case 'updated_at':
      return magentoTime(category.updatedAt);
    case 'url_key':
      return store.categories.textsIn(category, storeCode).urlKey;
    default:
      return null;
  }
}
