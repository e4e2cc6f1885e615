import { Hono } from 'hono';
import type { MagentoStore, ProductAttribute } from '../store/index.js';
import { MagentoStoreError } from '../store/index.js';
import { intParam, readJson, requireObject, str, type RestEnv } from './http.js';

/** `/V1/products/attributes/{code}` and its options (what an item import needs to map values). */
export function attributeRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();
  const repo = store.attributeRepository;

  app.get('/products/attributes/:code', (c) => c.json(renderAttribute(store, repo.require(c.req.param('code')))));

  app.get('/products/attributes/:code/options', (c) => {
    const attribute = repo.require(c.req.param('code'));
    const storeCode = c.get('storeCode');
    // Magento lists an empty option first.
    return c.json([
      { label: ' ', value: '' },
      ...attribute.options.map((o) => ({ label: o.storeLabels?.[storeCode] ?? o.label, value: String(o.value) })),
    ]);
  });

  app.post('/products/attributes/:code/options', async (c) => {
    const option = requireObject(await readJson(c), 'option');
    const label = str(option.label);
    if (!label) throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: 'label' });
    const storeLabels: Record<string, string> = {};
    if (Array.isArray(option.store_labels)) {
      for (const entry of option.store_labels as Record<string, unknown>[]) {
        const view = store.layout.views.find((v) => v.id === Number(entry.store_id));
        if (view && view.id !== 0 && entry.label !== undefined) storeLabels[view.code] = String(entry.label);
      }
    }
    return c.json(`id_${repo.addOption(c.req.param('code'), label, storeLabels)}`);
  });

  app.delete('/products/attributes/:code/options/:optionId', (c) => {
    repo.deleteOption(c.req.param('code'), intParam(c.req.param('optionId')));
    return c.json(true);
  });

  return app;
}

function renderAttribute(store: MagentoStore, attribute: ProductAttribute): Record<string, unknown> {
  return {
    is_wysiwyg_enabled: false,
    is_html_allowed_on_front: false,
    used_for_sort_by: false,
    is_filterable: true,
    is_filterable_in_search: true,
    is_used_in_grid: true,
    is_visible_in_grid: false,
    is_filterable_in_grid: true,
    position: 0,
    apply_to: [],
    is_searchable: '1',
    is_visible_in_advanced_search: '1',
    is_comparable: '1',
    is_used_for_promo_rules: '0',
    is_visible_on_front: '0',
    used_in_product_listing: '0',
    is_visible: true,
    scope: 'global',
    attribute_id: attribute.attributeId,
    attribute_code: attribute.code,
    frontend_input: 'select',
    entity_type_id: '4',
    is_required: false,
    options: [{ label: ' ', value: '' }, ...attribute.options.map((o) => ({ label: o.label, value: String(o.value) }))],
    is_user_defined: true,
    default_frontend_label: attribute.label,
    frontend_labels: Object.entries(attribute.storeLabels ?? {}).flatMap(([code, label]) => {
      const id = store.layout.views.find((v) => v.code === code)?.id;
      return id === undefined ? [] : [{ store_id: id, label }];
    }),
    backend_type: 'int',
    source_model: 'Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Table',
    default_value: '',
    is_unique: '0',
    validation_rules: [],
  };
}
