import { Hono } from 'hono';
import type { MagentoStore } from '../store/index.js';
import type { RestEnv } from './http.js';

/** `/V1/store/storeViews`, `/websites`, `/storeGroups`, `/storeConfigs`. */
export function storeRoutes(store: MagentoStore, baseUrl: () => string): Hono<RestEnv> {
  const app = new Hono<RestEnv>();
  const { layout } = store;

  app.get('/store/storeViews', (c) =>
    c.json(layout.views.map((v) => ({ id: v.id, code: v.code, name: v.name, website_id: v.websiteId, store_group_id: v.storeGroupId, is_active: v.isActive ? 1 : 0 }))),
  );
  app.get('/store/websites', (c) =>
    c.json(layout.websites.map((w) => ({ id: w.id, code: w.code, name: w.name, default_group_id: w.defaultGroupId }))),
  );
  app.get('/store/storeGroups', (c) =>
    c.json(layout.groups.map((g) => ({ id: g.id, website_id: g.websiteId, root_category_id: g.rootCategoryId, default_store_id: g.defaultStoreId, name: g.name, code: g.code }))),
  );
  app.get('/store/storeConfigs', (c) => {
    const codes = c.req.queries('storeCodes[]') ?? c.req.queries('storeCodes') ?? [];
    const base = `${baseUrl().replace(/\/$/, '')}/`;
    const views = store.frontViews().filter((v) => codes.length === 0 || codes.includes(v.code));
    return c.json(
      views.map((v) => ({
        id: v.id,
        code: v.code,
        website_id: v.websiteId,
        locale: v.locale,
        base_currency_code: v.currency,
        default_display_currency_code: v.currency,
        timezone: v.timezone,
        weight_unit: 'kgs',
        base_url: base,
        base_link_url: base,
        base_static_url: `${base}static/`,
        base_media_url: `${base}media/`,
        secure_base_url: base,
        secure_base_link_url: base,
        secure_base_static_url: `${base}static/`,
        secure_base_media_url: `${base}media/`,
      })),
    );
  });
  return app;
}
