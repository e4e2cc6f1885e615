/**
 * Marketplace orders in the PlentyONE sandbox, made the way a marketplace connector makes them: a buyer
 * contact with billing and delivery addresses, then `POST /rest/orders` with the marketplace's referrer,
 * its own prices (and discounts) in its currency, shipping costs, method of payment and shipping profile.
 */
/** A PlentyONE REST session (support/plenty-rest.ts). */
export type PlentyRest = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

export const sku = (index: number): string => `PG-${String(index).padStart(7, '0')}`;

/**
 * The `marketplace` settings these orders import with: referrer 2 into store view `default` of client
 * 1000, method of payment 6001 as `checkmo`, shipping profile 6 as `flatrate_flatrate`.
 */
export const marketplaceSettings = {
  create: true,
  referrers: ['2'],
  storeMap: { '1000': 'default' },
  paymentMap: { '6001': 'checkmo' },
  shippingMap: { '6': 'flatrate_flatrate' },
};

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
  /** When the buyer ordered (the entry date, order date type 2); absent: now. */
  orderedAt?: string;
  /** No addresses on the order yet (a marketplace order whose buyer data has not arrived). */
  incompleteAddress?: boolean;
}

/** A buyer contact with a billing (1) and a delivery (2) address; answers their ids. */
export async function buyer(plenty: PlentyRest, n: number, options: { email?: string } = {}) {
  const email = options.email ?? `marketplace.buyer.${n}@example.com`;
  const contact = await plenty('POST', '/rest/accounts/contacts', { typeId: 1, firstName: 'Mara', lastName: `Buyer${n}`, email, referrerId: 2, plentyId: 1000, options: [{ typeId: 2, subTypeId: 4, priority: 0, value: email }] });
  const address = (town: string) => ({
    name2: 'Mara', name3: `Buyer${n}`, address1: 'Hauptstraße', address2: String(n), postalCode: '10115', town, countryId: 1,
    options: [{ typeId: 5, value: email }, { typeId: 4, value: '030123456' }],
  });
  const billing = await plenty('POST', `/rest/accounts/contacts/${contact.id}/addresses?typeId=1`, address('Berlin'));
  const delivery = await plenty('POST', `/rest/accounts/contacts/${contact.id}/addresses?typeId=2`, address('Berlin'));
  return { contactId: Number(contact.id), billingId: Number(billing.id), deliveryId: Number(delivery.id), email };
}

/** PlentyONE's own total of such an order, in cents: the sum of its lines (the test's yardstick). */
export function expectedTotalCents(input: MarketplaceOrderInput): number {
  const lines = input.lines.reduce((s, l) => s + Math.round((l.price - (l.discount ?? 0)) * 100) * l.qty, 0);
  return lines + Math.round((input.shipping ?? 0) * 100);
}

export type Buyer = Awaited<ReturnType<typeof buyer>>;

export async function marketplaceOrder(plenty: PlentyRest, n: number, input: MarketplaceOrderInput & { buyer?: Buyer }) {
  const who = input.buyer ?? await buyer(plenty, n, { email: input.email });
  const currency = input.currency ?? 'EUR';
  const rate = input.exchangeRate ?? 1;
  const amounts = (price: number, discount = 0) => [
    { currency, exchangeRate: rate, isSystemCurrency: currency === 'EUR', priceOriginalGross: price, discount, isPercentage: false },
  ];
  const order = await plenty('POST', '/rest/orders', {
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
    ...(input.incompleteAddress ? {} : { addressRelations: [{ typeId: 1, addressId: who.billingId }, { typeId: 2, addressId: who.deliveryId }] }),
    relations: [{ referenceType: 'contact', referenceId: who.contactId, relation: 'receiver' }],
    ...(input.orderedAt ? { dates: [{ typeId: 2, date: input.orderedAt }] } : {}),
  });
  return { id: Number(order.id), total: expectedTotalCents(input) / 100, ...who };
}
