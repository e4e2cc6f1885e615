import type { MagentoOrder } from '../../../connectors/magento/index.js';
import type { EntityLink } from '../../links.js';

/** What collect yields: the Magento order, or the increment id of one Magento could not find. */
export type RawOrder = { order: MagentoOrder } | { missing: string };

/** A PlentyONE address body (POST /rest/accounts/contacts/{id}/addresses), built from a Magento one. */
export interface AddressDraft {
  name1: string;
  name2: string;
  name3: string;
  name4: string;
  address1: string;
  address2: string;
  address3: string;
  postalCode: string;
  town: string;
  countryId: number;
  options: { typeId: number; value: string }[];
}

export interface LineDraft {
  sku: string;
  name: string;
  quantity: number;
  /** Unit price the buyer paid, gross (discount included when discounts are on line items). */
  priceGross: number;
  /** Unit list price, gross. */
  priceOriginalGross: number;
  vatRate: number;
  /**
   * From the link table or a `numberExact` lookup, found in process just before a create (not part of the
   * hash); absent until then, and when PlentyONE does not know the SKU.
   */
  variationId: number | undefined;
}

/** One Magento order, mapped to everything the PlentyONE order needs. */
export interface OrderDraft {
  kind: 'order';
  incrementId: string;
  entityId: number;
  externalOrderId: string;
  status: string;
  /** Magento state (canceled, holded, …): a canceled order is canceled in PlentyONE. */
  state: string;
  /** Some item has been shipped: the order's shipments may carry tracking numbers. */
  shipped: boolean;
  /** ISO 8601 (UTC). */
  createdAt: string;
  storeView: string | undefined;
  plentyId: number | undefined;
  referrerId: string;
  language: string;
  currency: string;
  /**
   * Units of the order currency per unit of Magento's base currency (`base_to_order_rate`), which is
   * taken to be PlentyONE's system currency: 1 and `isSystemCurrency` when the order is in it.
   */
  exchangeRate: number;
  inBaseCurrency: boolean;
  email: string;
  customerId: number | undefined;
  guest: boolean;
  firstName: string;
  lastName: string;
  classId: number | undefined;
  gender: string | undefined;
  billing: AddressDraft | undefined;
  delivery: AddressDraft | undefined;
  lines: LineDraft[];
  shipping: { name: string; gross: number; method: string };
  /** Order discount (negative), sent as a coupon line when `discounts` is coupon_line; else 0. */
  coupon: number;
  paymentMethod: string;
  mopId: number | undefined;
  shippingProfileId: number | undefined;
  statusId: string | undefined;
  /** Amount Magento has received (total_paid). */
  paid: number;
  properties: { typeId: number; value: string }[];
  /** Sentences for the merchant: each one stops this order. */
  problems: string[];
  /** Of everything the PlentyONE order is built from: equal hash, nothing to write. */
  hash: string;
  /**
   * The order's link when it was exported before (read in transform for an order the filters leave out,
   * else in process by the statement that claims it); not part of the hash.
   */
  link?: EntityLink;
}

/** An order this profile leaves alone (filtered out), with the reason. */
export interface SkippedOrder {
  kind: 'skip';
  incrementId: string;
  reason: string;
}

/**
 * A lookup failed in a way a retry may fix (PlentyONE or Magento unreachable, 5xx, 429): the runner
 * fails records whose transform throws, so the error travels to process, which throws it for the job
 * to retry instead.
 */
export interface RetryLater {
  kind: 'retry';
  incrementId: string;
  error: unknown;
}

export type ExportRecord = OrderDraft | SkippedOrder | RetryLater;

/** Magento stores UTC `YYYY-MM-DD HH:MM:SS`; ISO strings pass through. */
export function magentoTime(value: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value);
}
