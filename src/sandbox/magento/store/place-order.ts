import type { ChangeFeed } from './changes.js';
import type { CustomerRepository } from './customers.js';
import { MagentoStoreError, PRODUCT_NOT_FOUND } from './errors.js';
import type { InventoryRepository } from './inventory.js';
import type { OrderRepository } from './orders.js';
import { textsIn, type ProductRepository } from './products.js';
import type { Address, Order, OrderItem, PlaceOrderInput, Product, StoreView } from './types.js';

/** Shipping methods the sandbox offers, as Magento's offline carriers price them. */
export const SHIPPING_METHODS = [
  { carrierCode: 'flatrate', methodCode: 'flatrate', carrierTitle: 'Flat Rate', methodTitle: 'Fixed', perItem: 5 },
  { carrierCode: 'freeshipping', methodCode: 'freeshipping', carrierTitle: 'Free Shipping', methodTitle: 'Free', perItem: 0 },
  { carrierCode: 'tablerate', methodCode: 'bestway', carrierTitle: 'Best Way', methodTitle: 'Table Rate', perItem: 0, flat: 5 },
] as const;

export const PAYMENT_METHODS = [
  { code: 'checkmo', title: 'Check / Money order' },
  { code: 'banktransfer', title: 'Bank Transfer Payment' },
  { code: 'cashondelivery', title: 'Cash On Delivery' },
] as const;

const SANDBOX_ADDRESS: Address = {
  firstname: 'Sandbox',
  lastname: 'Customer',
  street: ['1 Test Street'],
  city: 'Berlin',
  postcode: '10115',
  countryId: 'DE',
  telephone: '030000000',
};

export interface PlaceOrderDeps {
  products: ProductRepository;
  inventory: InventoryRepository;
  customers: CustomerRepository;
  orders: OrderRepository;
  changes: ChangeFeed;
  now: () => number;
  storeView: (code: string | undefined) => StoreView;
}

/**
 * Places an order the way Magento's quote management does: checks products and salable quantity,
 * prices lines from the catalog, adds MSI reservations, and tells webhooks (the
 * `plugin.magento.sales.api.order_management.place` / `sales_order_place_after` moment, then
 * `sales_order_save_after`). A refusing synchronous webhook aborts the order; as in Magento the
 * increment id reserved for it is not reused.
 */
export class OrderPlacer {
  constructor(private readonly deps: PlaceOrderDeps) {}

  async place(input: PlaceOrderInput): Promise<Order> {
    const orderId = this.deps.orders.reserveId();
    try {
      return await this.build(orderId, input);
    } catch (error) {
      // Refused (validation or a webhook): the id goes back so ids and counts stay dense.
      this.deps.orders.releaseId(orderId);
      throw error;
    }
  }

  private async build(orderId: number, input: PlaceOrderInput): Promise<Order> {
    const { products, inventory, customers, changes, now } = this.deps;
    if (input.lines.length === 0) throw new MagentoStoreError('Unable to place order: Cart does not contain any items.');
    const store = this.deps.storeView(input.storeCode);
    const customer = input.customerId === undefined ? undefined : customers.require(input.customerId);
    const email = input.email ?? customer?.email;
    if (!email) throw new MagentoStoreError('The shipping address is missing. Set the address and try again.');
    const shippingMethod = SHIPPING_METHODS.find(
      (m) => m.carrierCode === (input.shippingMethod?.carrierCode ?? 'flatrate') && m.methodCode === (input.shippingMethod?.methodCode ?? 'flatrate'),
    );
    if (!shippingMethod) throw new MagentoStoreError('The shipping method is missing. Select the shipping method and try again.');
    const payment = PAYMENT_METHODS.find((p) => p.code === (input.paymentMethod ?? 'checkmo'));
    if (!payment) throw new MagentoStoreError('The requested Payment Method is not available.');

    const currency = input.currency && input.currency.code !== store.currency ? input.currency : undefined;
    if (currency && !(currency.rate > 0)) throw new MagentoStoreError('The currency rate of "%1" is missing.', [currency.code]);
    const rate = currency?.rate ?? 1;
    const createdAt = now();
    const items: OrderItem[] = [];
    const wantedQty = new Map<string, number>();
    for (const line of input.lines) {
      if (!(line.qty > 0)) throw new MagentoStoreError('The requested qty is not available');
      const child = products.getBySku(line.sku);
      if (!child || child.status !== 1) throw new MagentoStoreError(PRODUCT_NOT_FOUND);
      if (child.typeId === 'configurable') throw new MagentoStoreError('You need to choose options for your item.');
      // Bundle\Model\Product\Type::_prepareProduct without selections (the sandbox takes none).
      if (child.typeId === 'bundle') throw new MagentoStoreError('Please specify product option(s).');
      wantedQty.set(child.sku, (wantedQty.get(child.sku) ?? 0) + line.qty);
      // MSI's place-order chain: backorders or an unmanaged stock sell past the salable quantity.
      if (!inventory.canSell(child.sku, wantedQty.get(child.sku) ?? 0)) {
        throw new MagentoStoreError('The requested qty is not available');
      }
      const parentSku = line.parentSku ?? products.parentSkuOf(child.sku);
      const parent = parentSku ? products.getBySku(parentSku) : undefined;
      items.push(...lineItems(orderId * 100 + items.length + 1, child, parent, line.qty, store.code, createdAt, rate));
    }

    const shippingAmount = round(((shippingMethod.perItem ?? 0) * sumQty(items) + ('flat' in shippingMethod ? shippingMethod.flat : 0)) * rate);
    const subtotal = round(items.reduce((sum, i) => sum + i.price * i.qtyOrdered, 0));
    const shippingAddress = input.shippingAddress ?? customer?.addresses[0] ?? { ...SANDBOX_ADDRESS };
    const billingAddress = input.billingAddress ?? shippingAddress;
    const incrementId = String(orderId).padStart(9, '0');
    const order: Order = {
      entityId: orderId,
      incrementId,
      quoteId: input.quoteId ?? orderId,
      storeId: store.id,
      state: 'new',
      status: 'pending',
      customerId: customer?.id ?? null,
      customerIsGuest: !customer,
      customerEmail: email,
      customerFirstname: customer?.firstname ?? billingAddress.firstname,
      customerLastname: customer?.lastname ?? billingAddress.lastname,
      customerGroupId: customer?.groupId ?? 0,
      currency: currency?.code ?? store.currency,
      ...(currency ? { baseCurrency: store.currency, baseToOrderRate: currency.rate } : {}),
      items,
      billingAddress: { ...stripId(billingAddress), email, entityId: orderId * 2 },
      shippingAddress: { ...stripId(shippingAddress), email, entityId: orderId * 2 - 1 },
      shippingMethod: `${shippingMethod.carrierCode}_${shippingMethod.methodCode}`,
      shippingDescription: `${shippingMethod.carrierTitle} - ${shippingMethod.methodTitle}`,
      shippingAmount,
      shippingTaxAmount: 0,
      paymentMethod: payment.code,
      paymentTitle: payment.title,
      subtotal,
      taxAmount: 0,
      discountAmount: 0,
      grandTotal: round(subtotal + shippingAmount),
      totalPaid: 0,
      statusHistories: [],
      invoices: [],
      shipments: [],
      createdAt,
      updatedAt: createdAt,
    };
    await changes.publish({ entity: 'order', kind: 'placed', order });
    await changes.publish({ entity: 'order', kind: 'saved', order });
    for (const [sku, qty] of wantedQty) inventory.reserve(sku, qty);
    this.deps.orders.insert(order);
    return order;
  }
}

/** A simple line, or Magento's parent + child pair for a configurable's child. */
function lineItems(
  firstItemId: number,
  child: Product,
  parent: Product | undefined,
  qty: number,
  storeCode: string,
  createdAt: number,
  rate: number,
): OrderItem[] {
  const price = round(effectivePrice(child) * rate);
  const base = {
    qtyOrdered: qty,
    qtyInvoiced: 0,
    qtyShipped: 0,
    qtyCanceled: 0,
    qtyRefunded: 0,
    weight: child.weight,
    taxPercent: 0,
    createdAt,
    updatedAt: createdAt,
  };
  if (!parent || parent.typeId !== 'configurable') {
    return [{ ...base, itemId: firstItemId, sku: child.sku, name: textsIn(child, storeCode).name, productId: child.id, productType: 'simple', parentItemId: null, price, priceInclTax: price }];
  }
  return [
    // Magento's configurable line carries the child's SKU, the parent's name and the price.
    { ...base, itemId: firstItemId, sku: child.sku, name: textsIn(parent, storeCode).name, productId: parent.id, productType: 'configurable', parentItemId: null, price, priceInclTax: price },
    { ...base, itemId: firstItemId + 1, sku: child.sku, name: textsIn(child, storeCode).name, productId: child.id, productType: 'simple', parentItemId: firstItemId, price: 0, priceInclTax: 0 },
  ];
}

export function effectivePrice(product: Product): number {
  return product.specialPrice !== null && product.specialPrice < product.price ? product.specialPrice : product.price;
}

function sumQty(items: OrderItem[]): number {
  return items.filter((i) => i.parentItemId === null).reduce((sum, i) => sum + i.qtyOrdered, 0);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function stripId<T extends Address>(address: T): Address {
  const { firstname, lastname, company, street, city, postcode, countryId, region, regionCode, regionId, telephone } = address;
  return { firstname, lastname, company, street, city, postcode, countryId, region, regionCode, regionId, telephone };
}
