import { PermanentApiError } from '../../../connectors/errors.js';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import type { Outcome } from '../../profile-type.js';
import { CUSTOMER_LINK, EMAIL_LINK } from '../plenty_order_export/contact.js';
import type { Ctx } from './clients.js';

/** Magento customer id → PlentyONE account (company) id of the contact (b2bAccounts). */
export const CUSTOMER_ACCOUNT_LINK = 'customer_account';

/**
 * A linked Magento customer that was deleted, as `deletions` says: the contact is left, or deleted
 * with `checkExistingOrders` (PlentyONE keeps a contact that orders refer to, and the run says so).
 * The customer's links are removed either way, so a new customer with the id or e-mail starts afresh;
 * the e-mail link stays while the contact does (the order export keeps finding it for guest orders).
 */
export async function deleteContact(ctx: Ctx, plenty: PlentyClient, key: string): Promise<Outcome> {
  const link = await ctx.links.get(CUSTOMER_LINK, key);
  if (!link) return { key, result: 'skipped', reason: 'Deleted in Magento; it was never exported, so there is nothing to do in PlentyONE.' };
  const contactId = Number(link.plentyId);
  const forget = async (withEmail: boolean) => {
    await ctx.links.remove(CUSTOMER_LINK, key);
    await ctx.links.remove(CUSTOMER_ACCOUNT_LINK, key);
    if (!withEmail) return;
    for (const emailLink of await ctx.links.list(EMAIL_LINK, { plentyId: link.plentyId })) await ctx.links.remove(EMAIL_LINK, emailLink.magentoKey);
  };
  if (ctx.config.deletions === 'leave') {
    await forget(false);
    return { key, result: 'skipped', reason: `Deleted in Magento; PlentyONE contact ${contactId} is left as it is (deletions is "leave"), the link removed.` };
  }
  try {
    await plenty.contacts.delete(contactId, { checkExistingOrders: true, signal: ctx.signal });
  } catch (error) {
    if (error instanceof PermanentApiError && error.status === 404) {
      await forget(true);
      return { key, result: 'skipped', reason: `Deleted in Magento; PlentyONE contact ${contactId} was already gone, the link removed.` };
    }
    if (!(error instanceof PermanentApiError)) throw error;
    await forget(false);
    return { key, result: 'skipped', reason: `Deleted in Magento; PlentyONE kept contact ${contactId} (${error.message}): orders refer to it. The link is removed.` };
  }
  await forget(true);
  return { key, result: 'updated', note: `Deleted in Magento: PlentyONE contact ${contactId} deleted (deletions is "delete"), the link removed.` };
}
