/** Magento-side web orders referencing generated SKUs and customers. */
import { round2 } from './money.js';
import { randomAddress } from './people.js';
import { Rng } from './prng.js';
import { HISTORY_WINDOW_MS } from './time.js';
import type { Customer, Order, OrderLine, OrderState, Variation } from './types.js';
import { FIRST_NAMES, LAST_NAMES, asciiSlug } from './vocabulary.js';

export interface OrderSources {
  readonly variationCount: number;
  readonly customerCount: number;
  variation(index: number): Variation;
  customer(index: number): Customer;
}

const STATES: readonly { state: OrderState; status: string; weight: number }[] = [
  { state: 'new', status: 'pending', weight: 40 },
  { state: 'processing', status: 'processing', weight: 35 },
  { state: 'complete', status: 'complete', weight: 15 },
  { state: 'canceled', status: 'canceled', weight: 5 },
  { state: 'holded', status: 'holded', weight: 5 },
];

const SHIPPING: readonly { method: string; description: string; gross: number }[] = [
  { method: 'flatrate_flatrate', description: 'Flat Rate - Fixed', gross: 4.95 },
  { method: 'tablerate_bestway', description: 'Best Way - Table Rate', gross: 6.9 },
  { method: 'freeshipping_freeshipping', description: 'Free Shipping - Free', gross: 0 },
];

export const PAYMENT_METHODS: readonly string[] = ['checkmo', 'banktransfer', 'cashondelivery', 'paypal_express'];

const SHIPPING_TAX_PERCENT = 19;

export function incrementIdOf(index: number): string {
  return String(index + 1).padStart(9, '0');
}

export function orderIndexOfIncrementId(incrementId: string): number | undefined {
  if (!/^\d{9,}$/.test(incrementId)) return undefined;
  const n = Number(incrementId) - 1;
  return n >= 0 ? n : undefined;
}

export function generateOrder(seed: number, epoch: number, index: number, from: OrderSources): Order {
  const rng = Rng.for(seed, 'order', index);
  const guest = from.customerCount === 0 || rng.chance(0.2);
  let customerIndex: number | null = null;
  let email: string;
  let firstname: string;
  let lastname: string;
  let billingAddress;
  let shippingAddress;
  let storeCode: string;
  if (guest) {
    firstname = rng.pick(FIRST_NAMES);
    lastname = rng.pick(LAST_NAMES);
    email = `guest.${asciiSlug(lastname)}.${index}@example.org`;
    billingAddress = randomAddress(rng, firstname, lastname);
    shippingAddress = rng.chance(0.8) ? billingAddress : randomAddress(rng, firstname, lastname);
    storeCode = rng.chance(0.7) ? 'de' : 'default';
  } else {
    customerIndex = rng.int(0, from.customerCount - 1);
    const customer = from.customer(customerIndex);
    ({ email, firstname, lastname, storeCode } = customer);
    billingAddress = customer.addresses[customer.defaultBilling] ?? randomAddress(rng, firstname, lastname);
    shippingAddress = customer.addresses[customer.defaultShipping] ?? billingAddress;
  }

  const lineCount = rng.int(1, 4);
  const used = new Set<number>();
  const lines: OrderLine[] = [];
  for (let n = 0; n < lineCount; n++) {
    const variationIndex = rng.int(0, from.variationCount - 1);
    if (used.has(variationIndex)) continue;
    used.add(variationIndex);
    const v = from.variation(variationIndex);
    const qty = rng.chance(0.8) ? 1 : rng.int(2, 4);
    const priceInclTax = v.specialPrice ?? v.price;
    const rowTotalInclTax = round2(priceInclTax * qty);
    const rowTotal = round2(rowTotalInclTax / (1 + v.taxPercent / 100));
    lines.push({
      variationIndex,
      sku: v.sku,
      parentSku: v.parentSku,
      name: v.names[storeCode === 'de' ? 'de' : 'en'],
      qty,
      priceInclTax,
      price: round2(priceInclTax / (1 + v.taxPercent / 100)),
      taxPercent: v.taxPercent,
      taxAmount: round2(rowTotalInclTax - rowTotal),
      rowTotal,
      rowTotalInclTax,
      weightGrams: v.weightGrams * qty,
    });
  }

  const subtotalInclTax = round2(lines.reduce((s, l) => s + l.rowTotalInclTax, 0));
  const subtotal = round2(lines.reduce((s, l) => s + l.rowTotal, 0));
  const shipping = subtotalInclTax >= 100 ? (SHIPPING[2] as (typeof SHIPPING)[number]) : rng.pick(SHIPPING.slice(0, 2));
  const shippingTaxAmount = round2(shipping.gross - shipping.gross / (1 + SHIPPING_TAX_PERCENT / 100));
  const taxAmount = round2(lines.reduce((s, l) => s + l.taxAmount, 0) + shippingTaxAmount);
  const pick = rng.int(1, 100);
  let acc = 0;
  const state = STATES.find((s) => (acc += s.weight) >= pick) ?? (STATES[0] as (typeof STATES)[number]);
  const createdAt = epoch - rng.int(0, HISTORY_WINDOW_MS / 1000) * 1000;
  const updatedAt = state.state === 'new' ? createdAt : Math.min(epoch, createdAt + rng.int(60, 5 * 86_400) * 1000);
  return {
    index,
    incrementId: incrementIdOf(index),
    customerIndex,
    email,
    firstname,
    lastname,
    storeCode,
    currency: 'EUR',
    state: state.state,
    status: state.status,
    billingAddress,
    shippingAddress,
    lines,
    shippingMethod: shipping.method,
    shippingDescription: shipping.description,
    shippingInclTax: shipping.gross,
    shippingTaxAmount,
    paymentMethod: rng.pick(PAYMENT_METHODS),
    subtotal,
    subtotalInclTax,
    taxAmount,
    grandTotal: round2(subtotalInclTax + shipping.gross),
    totalQty: lines.reduce((s, l) => s + l.qty, 0),
    weightGrams: lines.reduce((s, l) => s + l.weightGrams, 0),
    createdAt,
    updatedAt,
  };
}
