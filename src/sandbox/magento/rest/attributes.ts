import { Hono } from 'hono';
import type { AttributeSet, MagentoStore, ProductAttribute } from '../store/index.js';
import { MagentoStoreError } from '../store/index.js';
import { OPTION_INPUTS } from '../store/attributes.js';
import { intParam, readJson, requireObject, str, type RestEnv } from './http.js';
import { echoCriteria, parseSearchCriteria, searchRecords, type FieldValue } from './search-criteria.js';

/**
 * `/V1/products/attributes` (read, create, options) and `/V1/products/attribute-sets`. An attribute
 * without options (text, price …) answers an empty option list, as Magento does; a boolean lists Yes/No.
 */
export function attributeRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();
  const repo = store.attributeRepository;
  const storeLabels = (entries: unknown) => {
    const labels: Record<string, string> = {};
    for (const entry of Array.isArray(entries) ? entries as Record<string, unknown>[] : []) {
      const view = store.layout.views.find((v) => v.id === Number(entry.store_id));
      if (view && view.id !== 0 && entry.label !== undefined) labels[view.code] = String(entry.label);
    }
    return labels;
  };

  app.get('/products/attribute-sets/sets/list', (c) => {
    const criteria = parseSearchCriteria(new URL(c.req.url));
    const { items, total } = searchRecords(repo.sets, criteria, setField, true);
    return c.json({ items: items.map(renderSet), search_criteria: echoCriteria(criteria), total_count: total });
  });

  app.get('/products/attribute-sets/:id', (c) => c.json(renderSet(repo.requireSet(intParam(c.req.param('id'))))));

  app.post('/products/attributes', async (c) => {
    const input = requireObject(await readJson(c), 'attribute');
    const frontendInput = str(input.frontend_input);
    const label = str(input.default_frontend_label) ?? (Array.isArray(input.frontend_labels) ? str((input.frontend_labels[0] as Record<string, unknown> | undefined)?.label) : undefined);
    if (!label) throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: 'frontend_label' });
    if (!frontendInput) throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: 'frontend_input' });
    const code = str(input.attribute_code) ?? label.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
    if (!/^[a-z][a-z_0-9]{0,59}$/.test(code)) {
      throw new MagentoStoreError('Attribute code "%1" is invalid. Please use only letters (a-z or A-Z), numbers (0-9) or underscore (_) in this field, and the first character should be a letter.', [code]);
    }
    const scope = str(input.scope);
    const attribute = repo.create({
      code, label, frontendInput,
      scope: scope === 'store' || scope === 'website' ? scope : 'global',
      storeLabels: storeLabels(input.frontend_labels),
      options: (Array.isArray(input.options) ? input.options as Record<string, unknown>[] : [])
        .filter((o) => str(o.label)?.trim())
        .map((o) => ({ label: str(o.label)!, storeLabels: storeLabels(o.store_labels) })),
    });
    return c.json(renderAttribute(store, attribute));
  });

  app.get('/products/attributes/:code', (c) => c.json(renderAttribute(store, repo.require(c.req.param('code')))));

  app.get('/products/attributes/:code/options', (c) => c.json(optionsOf(repo.require(c.req.param('code')), c.get('storeCode'))));

  app.post('/products/attributes/:code/options', async (c) => {
    const option = requireObject(await readJson(c), 'option');
    const label = str(option.label);
    if (!label) throw new MagentoStoreError('"%fieldName" is required. Enter and try again.', { fieldName: 'label' });
    return c.json(`id_${repo.addOption(c.req.param('code'), label, storeLabels(option.store_labels))}`);
  });

  app.delete('/products/attributes/:code/options/:optionId', (c) => {
    repo.deleteOption(c.req.param('code'), intParam(c.req.param('optionId')));
    return c.json(true);
  });

  return app;
}

/** Option lists as Magento's source models give them, with the labels of the store view asked through. */
function optionsOf(attribute: ProductAttribute, storeCode: string): { label: string; value: string }[] {
  const input = attribute.frontendInput ?? 'select';
  if (input === 'boolean') return [{ label: 'Yes', value: '1' }, { label: 'No', value: '0' }];
  if (!OPTION_INPUTS.has(input)) return [];
  // A table source lists an empty option first.
  return [{ label: ' ', value: '' }, ...attribute.options.map((o) => ({ label: o.storeLabels?.[storeCode] ?? o.label, value: String(o.value) }))];
}

const BACKEND_TYPES: Record<string, string> = { select: 'int', boolean: 'int', multiselect: 'varchar', price: 'decimal', weight: 'decimal', textarea: 'text', texteditor: 'text', date: 'datetime', datetime: 'datetime' };

const renderSet = (set: AttributeSet) => ({ attribute_set_id: set.id, attribute_set_name: set.name, sort_order: set.sortOrder, entity_type_id: 4 });

function setField(set: AttributeSet, field: string): FieldValue {
  if (field === 'attribute_set_id') return set.id;
  if (field === 'attribute_set_name') return set.name;
  if (field === 'entity_type_id') return 4;
  return null;
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
    scope: attribute.scope ?? 'global',
    attribute_id: attribute.attributeId,
    attribute_code: attribute.code,
    frontend_input: attribute.frontendInput ?? 'select',
    entity_type_id: '4',
    is_required: false,
    options: optionsOf(attribute, 'all'),
    is_user_defined: attribute.userDefined ?? true,
    default_frontend_label: attribute.label,
    frontend_labels: Object.entries(attribute.storeLabels ?? {}).flatMap(([code, label]) => {
      const id = store.layout.views.find((v) => v.code === code)?.id;
      return id === undefined ? [] : [{ store_id: id, label }];
    }),
    backend_type: BACKEND_TYPES[attribute.frontendInput ?? 'select'] ?? 'varchar',
    source_model: OPTION_INPUTS.has(attribute.frontendInput ?? 'select') && attribute.frontendInput !== 'boolean' ? 'Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Table' : null,
    default_value: '',
    is_unique: '0',
    validation_rules: [],
  };
}
