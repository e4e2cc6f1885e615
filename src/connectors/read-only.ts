/**
 * Read-only clients, for dry runs (src/mapping/dry-run.ts): a call that would change Magento or
 * PlentyONE is refused before anything is sent, so a stage that would write while it reads (a
 * reference created while transforming, say) fails its record with the route it tried instead of
 * changing a system. Logins and token refreshes still go out (they change no data), and so do the
 * reads Magento answers through POST.
 */
import { NonRetryableError } from '../queue/errors.js';

export class WriteRefused extends NonRetryableError {}

/** Magento routes that read through POST (lists of SKUs in the body). */
const MAGENTO_POST_READS = new Set([
  '/V1/products/base-prices-information',
  '/V1/products/special-price-information',
  '/V1/products/tier-prices-information',
  '/V1/products/cost-information',
]);

/** Whether a Magento REST call (its path below `/rest/<store>`) writes. */
export const magentoCallWrites = (method: string, path: string): boolean => method !== 'GET' && !MAGENTO_POST_READS.has(path.split('?')[0]!);

export function refuseWrite(system: 'Magento' | 'PlentyONE', route: string): never {
  throw new WriteRefused(`A dry run writes nothing: ${route} was not sent to ${system} (it would change data there).`);
}
