/**
 * Marketplace orders in the PlentyONE sandbox, made the way a marketplace connector makes them: a buyer
 * contact with billing and delivery addresses, then `POST /rest/orders` with the marketplace's referrer,
 * its own prices (and discounts) in its currency, shipping costs, method of payment and shipping profile.
 */
import type { PlentyClient } from '../../../src/connectors/plenty/index.js';

export const sku = (index: number): string => `PG-${String(index).padStart(7, '0')}`;

export interface MarketplaceLine {
  index: number;
  qty: number;
  /** Unit list price, gross, in the order currency. */
  price: number;
  /** Unit discount (an amount). */
  discount?: number;
}

export interface MarketplaceOrderInput {
  referrerId: number;
  currency?: string;
  /** Order currency per unit of the system currency (EUR). */
  exchangeRate?: number;
  lines: MarketplaceLine[];
  shipping?: number;
  mopId?: number;
  shippingProfileId?: number;
  plentyId?: number;
  statusId?: number;
  externalOrderId?: string;
  email?: string;
  /** No addresses on the order yet (a marketplace order whose buyer data has not arrived). */
  incompleteAddress?: boolean;
  contactId?: number;
}

/** A buyer contact with a billing (1) and a delivery (2) address; answers their ids. */
export async function buyer(plenty: PlentyClient, n: number, options: { email?: string } = {}) {
  const email = options.email ?? `marketplace.buyer.${n}@example.com`;
  const contact = await plenty.contacts.create({ typeId: 1, firstName: 'Mara', lastName: `Buyer${n}`, email, referrerId: 2, plentyId: 1000, options: [{ typeId: 2, subTypeId: 4, priority: 0, value: email }] });
  const address = (town: string) => ({
    name2: 'Mara', name3: `Buyer${n}`, address1: 'Hauptstraße', address2: String(n), postalCode: '10115', town, countryId: 1,
    options: [{ typeId: 5, value: email }, { typeId: 4, value: '030123456' }],
  });
  const billing = await plenty.contacts.createAddress(contact.id, address('Berlin'), 1);
  const delivery = await plenty.contacts.createAddress(contact.id, address('Berlin'), 2);
  return { contactId: contact.id, billingId: billing.id, deliveryId: delivery.id, email };
}

/** PlentyONE's own total of such an order, in cents: the sum of its lines (the test's yardstick). */
export function expectedTotalCents(input: MarketplaceOrderInput): number {
  const lines = input.lines.reduce((s, l) => s + Math.round((l.price - (l.discount ?? 0)) * 100) * l.qty, 0);
  return lines + Math.round((input.shipping ?? 0) * 100);
}

export async function marketplaceOrder(plenty: PlentyClient, n: number, input: MarketplaceOrderInput) {
  const who = input.contactId === undefined ? await buyer(plenty, n, { email: input.email }) : undefined;
  const currency = input.currency ?? 'EUR';
  const rate = input.exchangeRate ?? 1;
  const amounts = (price: number, discount = 0) => [
    { currency, exchangeRate: rate, isSystemCurrency: currency === 'EUR', priceOriginalGross: price, discount, isPercentage: false },
  ];
  const order = await plenty.orders.create({
    typeId: 1,
    plentyId: input.plentyId ?? 1000,
    statusId: input.statusId ?? 5,
    referrerId: input.referrerId,
    orderItems: [
      ...input.lines.map((l) => ({ typeId: 1, quantity: l.qty, itemVariationId: 1000 + l.index, orderItemName: `Item ${sku(l.index)}`, vatRate: 19, amounts: amounts(l.price, l.discount) })),
      ...(input.shipping === undefined ? [] : [{ typeId: 6, quantity: 1, orderItemName: 'Shipping costs', vatRate: 19, amounts: amounts(input.shipping) }]),
    ],
    properties: [
      { typeId: 3, value: String(input.mopId ?? 6001) },
      { typeId: 2, value: String(input.shippingProfileId ?? 6) },
      ...(input.externalOrderId ? [{ typeId: 7, value: input.externalOrderId }] : []),
    ],
    ...(who ? {
      ...(input.incompleteAddress ? {} : { addressRelations: [{ typeId: 1, addressId: who.billingId }, { typeId: 2, addressId: who.deliveryId }] }),
      relations: [{ referenceType: 'contact', referenceId: who.contactId, relation: 'receiver' }],
    } : {}),
  });
  return { id: order.id, total: expectedTotalCents(input) / 100, contactId: who?.contactId, email: who?.email, billingId: who?.billingId, deliveryId: who?.deliveryId };
}
