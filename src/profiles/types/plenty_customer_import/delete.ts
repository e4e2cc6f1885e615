import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import type { Outcome } from '../../profile-type.js';
import { CUSTOMER_LINK, EMAIL_LINK } from '../plenty_order_export/contact.js';
import type { Ctx } from './clients.js';
import { IMPORTED_CUSTOMER_LINK } from './links.js';
import type { ContactDeletion } from './record.js';

/**
 * An imported contact that was deleted in PlentyONE, as `deletions` says: the Magento customer is left,
 * or deleted (`DELETE /V1/customers/{id}`; one Magento no longer has counts as deleted). The links to
 * the contact (the import's, and the shared customer and e-mail links) are removed either way, so the
 * exports never write to the deleted contact.
 */
export async function deleteCustomer(ctx: Ctx, magento: MagentoClient, key: string, record: ContactDeletion): Promise<Outcome> {
  const forget = async () => {
    const plentyId = String(record.contactId);
    await ctx.links.remove(IMPORTED_CUSTOMER_LINK, String(record.customerId));
    for (const type of [CUSTOMER_LINK, EMAIL_LINK]) {
      for (const link of await ctx.links.list(type, { plentyId })) await ctx.links.remove(type, link.magentoKey);
    }
  };
  if (ctx.config.deletions === 'leave') {
    await forget();
    return { key, result: 'skipped', reason: `Deleted in PlentyONE; Magento customer ${record.customerId} is left as it is (deletions is "leave"), the link removed.` };
  }
  try {
    await magento.customers.delete(record.customerId, { signal: ctx.signal });
  } catch (error) {
    if (!(error instanceof PermanentApiError && error.status === 404)) throw error;
    await forget();
    return { key, result: 'skipped', reason: `Deleted in PlentyONE; Magento customer ${record.customerId} was already gone, the link removed.` };
  }
  await forget();
  return { key, result: 'updated', note: `Deleted in PlentyONE: Magento customer ${record.customerId} deleted (deletions is "delete"), the link removed.` };
}
