import type { Order } from '../../../connectors/plenty/index.js';
import { canonicalDecimal } from '../../config/ids.js';
import type { OrderImportConfig } from './config.js';
import { lookupStatus, statusKey } from './status.js';

const SALES_ORDER = 1;

/**
 * Whether a PlentyONE order is one to import as a new Magento order (`marketplace`): a sales order of a
 * listed referrer, in a listed status, created after the cutoff, of a mapped client. Answers why not.
 */
export function importBlocker(order: Order, config: OrderImportConfig): string | undefined {
  const mp = config.marketplace;
  if (!mp.create) return 'creating Magento orders from PlentyONE is off (marketplace.create)';
  if (order.typeId !== SALES_ORDER) return `it is not a sales order (type ${order.typeId})`;
  const referrer = order.referrerId === undefined || order.referrerId === null ? undefined : canonicalDecimal(String(order.referrerId));
  if (referrer === undefined || !mp.referrers.some((r) => canonicalDecimal(r) === referrer)) {
    return `its referrer ${referrer ?? '(none)'} is not in marketplace.referrers`;
  }
  if (mp.statuses.length > 0 && lookupStatus(Object.fromEntries(mp.statuses.map((s) => [s, true])), order.statusId) === undefined) {
    return `its status ${statusKey(order.statusId)} is not in marketplace.statuses`;
  }
  if (mp.createdAfter && order.createdAt && Date.parse(order.createdAt) < Date.parse(mp.createdAfter)) {
    return `it was created before marketplace.createdAfter (${mp.createdAfter})`;
  }
  if (!(String(order.plentyId ?? '') in mp.storeMap)) return `its client ${order.plentyId ?? '(none)'} is not in marketplace.storeMap`;
  return undefined;
}
