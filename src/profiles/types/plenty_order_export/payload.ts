import { EXTERNAL_ORDER_ID_PROPERTY, type NewOrder } from '../../../connectors/plenty/index.js';
import type { Buyer } from './contact.js';
import type { OrderDraft } from './record.js';

/** PlentyONE ids used in the order body (FACTS "Orders"). */
const SALES_ORDER = 1;
const ITEM_VARIATION = 1;
const ITEM_COUPON = 4;
const ITEM_SHIPPING_COSTS = 6;
const PROPERTY_SHIPPING_PROFILE = 2;
const PROPERTY_PAYMENT_METHOD = 3;
const PROPERTY_DOCUMENT_LANGUAGE = 6;
const ADDRESS_BILLING = 1;
const ADDRESS_DELIVERY = 2;
const DATE_CREATED = 2;

/** The `POST /rest/orders` body of a validated draft (every mapping present) and its buyer. */
export function orderPayload(draft: OrderDraft, buyer: Buyer): NewOrder {
  // Amounts in the order currency, with its rate against the system currency (Magento's base currency).
  const amount = (gross: number, original = gross) => [{
    currency: draft.currency, exchangeRate: draft.exchangeRate, isSystemCurrency: draft.inBaseCurrency, priceOriginalGross: original, priceGross: gross,
  }];
  const referrerId = Number(draft.referrerId);
  const orderItems: NewOrder['orderItems'] = draft.lines.map((line) => ({
    typeId: ITEM_VARIATION,
    itemVariationId: line.variationId!,
    quantity: line.quantity,
    orderItemName: line.name,
    referrerId,
    vatRate: line.vatRate,
    amounts: amount(line.priceGross, line.priceOriginalGross),
  }));
  orderItems.push({ typeId: ITEM_SHIPPING_COSTS, quantity: 1, orderItemName: draft.shipping.name, referrerId, amounts: amount(draft.shipping.gross) });
  if (draft.coupon !== 0) {
    orderItems.push({ typeId: ITEM_COUPON, quantity: 1, orderItemName: 'Coupon', referrerId, amounts: amount(draft.coupon) });
  }
  return {
    typeId: SALES_ORDER,
    plentyId: draft.plentyId!,
    referrerId,
    ...(draft.statusId === undefined ? {} : { statusId: Number(draft.statusId) }),
    orderItems,
    properties: [
      { typeId: PROPERTY_PAYMENT_METHOD, value: String(draft.mopId) },
      { typeId: PROPERTY_SHIPPING_PROFILE, value: String(draft.shippingProfileId) },
      { typeId: PROPERTY_DOCUMENT_LANGUAGE, value: draft.language },
      { typeId: EXTERNAL_ORDER_ID_PROPERTY, value: draft.externalOrderId },
      ...draft.properties,
    ],
    addressRelations: [
      { typeId: ADDRESS_BILLING, addressId: buyer.billingAddressId },
      { typeId: ADDRESS_DELIVERY, addressId: buyer.deliveryAddressId },
    ],
    relations: [{ referenceType: 'contact', referenceId: buyer.contactId, relation: 'receiver' }],
    dates: [{ typeId: DATE_CREATED, date: draft.createdAt }],
  };
}
