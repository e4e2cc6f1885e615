/**
 * A product Magento no longer has (its delete webhook, or any run that names its SKU and gets a 404):
 * its PlentyONE variation is deactivated, deleted, or left as it is (`deletions.mode`). A configurable
 * parent's item: every variation of it is deactivated, or the item deleted. Links of what was deleted
 * are removed, so a product created again with the same SKU is found by its number, not by a dead id.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { LinkStore } from '../../links.js';
import type { Outcome } from '../../profile-type.js';
import type { ItemExportConfig } from './config.js';
import { itemStateOf, variationStateOf } from './link-state.js';
import { ITEM_ENTITY, VARIATION_ENTITY } from './record.js';

export interface DeleteRecord { kind: 'delete'; sku: string }

/** The base hash of a variation deactivated because Magento deleted its product. */
export const DEACTIVATED = 'deactivated';

/** Whether an error is Magento saying the SKU does not exist. */
export const isMissing = (error: unknown) => error instanceof PermanentApiError && error.status === 404;

export async function applyDeletion(
  key: string,
  record: DeleteRecord,
  deps: { plenty: PlentyClient; links: LinkStore; config: ItemExportConfig; signal: AbortSignal },
): Promise<Outcome> {
  const { plenty, links, signal } = deps;
  const mode = deps.config.deletions.mode;
  const [variationLink, itemLink] = await Promise.all([links.get(VARIATION_ENTITY, record.sku), links.get(ITEM_ENTITY, record.sku)]);
  if (!variationLink && !itemLink) return { key, result: 'skipped', reason: `${record.sku} is not in Magento and was never exported.` };
  if (mode === 'ignore') return { key, result: 'skipped', reason: `${record.sku} was deleted in Magento; its PlentyONE variation is kept (deletions.mode is "ignore").` };

  const variation = variationLink && variationStateOf(variationLink);
  const item = itemLink && itemStateOf(itemLink);
  if (mode === 'deactivate') {
    const ids = variation ? [variation.variationId] : (await plenty.items.variationsOf(item!.itemId, signal)).map((v) => v.id);
    const itemId = variation?.itemId ?? item!.itemId;
    for (const id of ids) {
      try {
        await plenty.items.updateVariation(itemId, id, { isActive: false }, signal);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    // The next export of the SKU (created again in Magento) writes its base fields again.
    if (variationLink) await links.upsert({ entityType: VARIATION_ENTITY, magentoKey: record.sku, plentyId: variationLink.plentyId, aspectHashes: { base: DEACTIVATED } });
    return { key, result: 'updated' };
  }

  try {
    // A main variation cannot go on its own: the item goes with it (a simple product's item is its variation).
    if (variation && item === undefined && variationLink?.meta?.itemSku !== record.sku) {
      await plenty.items.deleteVariation(variation.itemId, variation.variationId, signal);
    } else {
      await plenty.items.delete(variation?.itemId ?? item!.itemId, signal);
    }
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  await links.remove(VARIATION_ENTITY, record.sku);
  await links.remove(ITEM_ENTITY, record.sku);
  return { key, result: 'updated' };
}
