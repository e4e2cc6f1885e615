/**
 * Category saves in Magento: global values through `/rest/all/V1`, each store view's through
 * `/rest/<store>/V1` (the store-scoped REST save, the only way to set a store view's name and URL key).
 * Magento refuses a URL key a sibling already has in a store view ("URL key for specified store already
 * exists."); such a save is repeated once with the PlentyONE id appended to the URL key, the way the
 * extension appends the SKU to a product's, and if that is refused too the category fails with the reason.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoCategory, MagentoCategoryInput, MagentoClient } from '../../../connectors/magento/index.js';
import type { Ctx } from './clients.js';
import type { CategoryValues } from './record.js';

/** Attributes that are fields of Magento's CategoryInterface rather than custom attributes. */
const FIELDS = new Set(['name', 'position', 'is_active', 'include_in_menu']);

const URL_KEY_CLASH = /URL key for specified store already exists/i;

export function inputOf(values: Record<string, string>): MagentoCategoryInput {
  const input: MagentoCategoryInput = {};
  if (values.name !== undefined) input.name = values.name;
  if (values.position !== undefined && Number.isFinite(Number(values.position))) input.position = Number(values.position);
  const custom = Object.entries(values).filter(([code]) => !FIELDS.has(code));
  if (custom.length) input.custom_attributes = custom.map(([attribute_code, value]) => ({ attribute_code, value }));
  return input;
}

function urlKeyOf(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Runs a save; on a URL key clash, once more with `-<plentyId>` appended to the URL key. */
async function withUniqueUrlKey<T>(values: Record<string, string>, plentyId: number, save: (values: Record<string, string>) => Promise<T>): Promise<T> {
  try {
    return await save(values);
  } catch (error) {
    if (!(error instanceof PermanentApiError && URL_KEY_CLASH.test(error.message))) throw error;
    const base = urlKeyOf(values.url_key || values.name || String(plentyId));
    return save({ ...values, url_key: `${base}-${plentyId}` });
  }
}

export async function createCategory(
  ctx: Ctx, magento: MagentoClient, parentId: number, values: CategoryValues, plentyId: number,
): Promise<MagentoCategory> {
  const { activateNew, includeInMenu } = ctx.config.options;
  const created = await withUniqueUrlKey(values.global, plentyId, (v) => magento.categories.create(
    { ...inputOf(v), parent_id: parentId, is_active: activateNew, include_in_menu: includeInMenu },
    { store: 'all', signal: ctx.signal },
  ));
  await writeStoreViews(ctx, magento, created.id, values, plentyId);
  return created;
}

export async function updateCategory(ctx: Ctx, magento: MagentoClient, id: number, values: CategoryValues, plentyId: number): Promise<void> {
  await withUniqueUrlKey(values.global, plentyId, (v) => magento.categories.update(id, inputOf(v), { store: 'all', signal: ctx.signal }));
  await writeStoreViews(ctx, magento, id, values, plentyId);
}

/** Store views whose values differ from the global ones get them saved in their scope. */
async function writeStoreViews(ctx: Ctx, magento: MagentoClient, id: number, values: CategoryValues, plentyId: number): Promise<void> {
  for (const [store, own] of Object.entries(values.stores)) {
    const differs = Object.entries(own).some(([k, v]) => values.global[k] !== v);
    if (!differs) continue;
    await withUniqueUrlKey(own, plentyId, (v) => magento.categories.update(id, inputOf(v), { store, signal: ctx.signal }));
  }
}
