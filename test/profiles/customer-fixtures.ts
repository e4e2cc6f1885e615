/** Magento customers as a shop's admin or a shopper makes them, for the customer profile tests. */
import type { OrderExportHarness } from './order-export-harness.js';

let seq = 0;
export interface NewCustomer { id: number; email: string; lastname: string; addresses: { id: number; city: string }[] }

/** Registers a customer through Magento's REST API (as the admin does), with a billing and a delivery address. */
export async function registerCustomer(
  h: OrderExportHarness,
  opts: { storeId?: number; groupId?: number; country?: string; gender?: number; vatId?: string; extra?: Record<string, unknown> } = {},
): Promise<NewCustomer> {
  seq += 1;
  const email = `shopper${seq}-${Date.now()}@example.com`;
  const lastname = `Shopper${seq}`;
  const address = (city: string, billing: boolean) => ({
    firstname: 'Lin', lastname, company: 'Acme', street: [`Main Street ${seq}`], city, postcode: '10115',
    country_id: opts.country ?? 'DE', telephone: '+49 30 123', default_billing: billing, default_shipping: !billing,
    ...(opts.vatId ? { vat_id: opts.vatId } : {}),
  });
  const created = await h.magento('POST', '/rest/V1/customers', {
    customer: {
      email, firstname: 'Lin', lastname, group_id: opts.groupId ?? 1, store_id: opts.storeId ?? 1, website_id: 1,
      gender: opts.gender ?? 2, dob: '1990-05-17', addresses: [address('Berlin', true), address('Hamburg', false)], ...opts.extra,
    },
  }) as { id: number; addresses: { id: number; city: string }[] };
  return { id: created.id, email, lastname, addresses: created.addresses };
}
