/**
 * `storeConfig` (the current view) and `availableStores` (the views of the current website, or of
 * the current store group with `useCurrentGroup: true`), shaped like
 * reference/magento/examples/graphql-available-stores-response.json.
 */
import type { StoreView } from '../store/index.js';
import type { GraphqlContext } from './context.js';
import { encodeUid } from './context.js';

export function storeConfigView(view: StoreView, ctx: GraphqlContext): Record<string, unknown> {
  const { layout } = ctx.store;
  const group = layout.groups.find((g) => g.id === view.storeGroupId);
  const website = layout.websites.find((w) => w.id === view.websiteId);
  const base = ctx.baseUrl;
  const staticUrl = `${base}static/version1/`;
  const mediaUrl = `${base}media/`;
  return {
    id: view.id,
    code: view.code,
    store_code: view.code,
    store_name: view.name,
    store_group_code: group?.code ?? null,
    store_group_name: group?.name ?? null,
    website_id: view.websiteId,
    website_code: website?.code ?? null,
    website_name: website?.name ?? null,
    is_default_store: group?.defaultStoreId === view.id,
    is_default_store_group: website?.defaultGroupId === view.storeGroupId,
    locale: view.locale,
    base_currency_code: view.currency,
    default_display_currency_code: view.currency,
    timezone: view.timezone,
    weight_unit: 'kgs',
    base_url: base,
    base_link_url: base,
    base_static_url: staticUrl,
    base_media_url: mediaUrl,
    secure_base_url: base,
    secure_base_link_url: base,
    secure_base_static_url: staticUrl,
    secure_base_media_url: mediaUrl,
    root_category_id: group?.rootCategoryId ?? null,
    root_category_uid: group ? encodeUid(group.rootCategoryId) : null,
    product_url_suffix: '.html',
    category_url_suffix: '.html',
    is_guest_checkout_enabled: true,
    grid_per_page: 12,
    catalog_default_sort_by: 'position',
    use_store_in_url: false,
  };
}

export function resolveAvailableStores(args: { useCurrentGroup?: boolean | null }, ctx: GraphqlContext) {
  return ctx.store
    .frontViews()
    .filter(
      (v) =>
        v.isActive &&
        v.websiteId === ctx.view.websiteId &&
        (!args.useCurrentGroup || v.storeGroupId === ctx.view.storeGroupId),
    )
    .map((v) => storeConfigView(v, ctx));
}
