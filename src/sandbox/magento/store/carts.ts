import { randomBytes } from 'node:crypto';
import { MagentoStoreError, noSuchEntity, PRODUCT_NOT_FOUND } from './errors.js';
import type { InventoryRepository } from './inventory.js';
import type { OrderPlacer } from './place-order.js';
import type { ProductRepository } from './products.js';
import type { Address, Cart, Order } from './types.js';

/**
 * Carts (quotes) for the GraphQL checkout. The GraphQL layer edits them through these methods and
 * finally calls `place`, which goes through the same `OrderPlacer` as the `/_sandbox/orders` helper.
 */
export class CartRepository {
  private readonly byMaskedId = new Map<string, Cart>();
  private nextId = 1;
  private nextItemId = 1;

  constructor(
    private readonly products: ProductRepository,
    private readonly inventory: InventoryRepository,
    private readonly placer: OrderPlacer,
    private readonly now: () => number,
  ) {}

  get count(): number {
    return this.byMaskedId.size;
  }

  create(storeCode: string, customerId: number | null = null): Cart {
    const now = this.now();
    const cart: Cart = {
      id: this.nextId++,
      maskedId: maskedId(),
      storeCode,
      customerId,
      email: null,
      items: [],
      shippingAddress: null,
      billingAddress: null,
      shippingMethod: null,
      paymentMethod: null,
      isActive: true,
      orderIncrementId: null,
      createdAt: now,
      updatedAt: now,
    };
    this.byMaskedId.set(cart.maskedId, cart);
    return cart;
  }

  /** Active cart by masked id; throws Magento's GraphQL wording otherwise. */
  require(maskedCartId: string): Cart {
    const cart = this.byMaskedId.get(maskedCartId);
    if (!cart) throw noSuchEntity('Could not find a cart with ID "%masked_cart_id"', { masked_cart_id: maskedCartId });
    if (!cart.isActive) throw new MagentoStoreError('The cart isn\'t active.');
    return cart;
  }

  get(maskedCartId: string): Cart | undefined {
    return this.byMaskedId.get(maskedCartId);
  }

  addItem(maskedCartId: string, item: { sku: string; qty: number; parentSku?: string }): Cart {
    const cart = this.require(maskedCartId);
    const product = this.products.getBySku(item.sku);
    if (!product || product.status !== 1) throw new MagentoStoreError(PRODUCT_NOT_FOUND);
    if (product.typeId === 'configurable') throw new MagentoStoreError('You need to choose options for your item.');
    // Bundle\Model\Product\Type::_prepareProduct without selections (the sandbox takes none).
    if (product.typeId === 'bundle') throw new MagentoStoreError('Please specify product option(s).');
    if (!(item.qty > 0)) throw new MagentoStoreError('The requested qty is not available');
    const existing = cart.items.find((i) => i.sku === item.sku && i.parentSku === item.parentSku);
    // The merged line meets the product's quantity limits; the SKU's quantity over all lines must be sellable.
    const inCart = cart.items.filter((i) => i.sku === item.sku).reduce((sum, i) => sum + i.qty, 0);
    const refusal = this.inventory.cartQtyError(item.sku, (existing?.qty ?? 0) + item.qty, inCart + item.qty);
    if (refusal) throw refusal;
    const items = existing
      ? cart.items.map((i) => (i === existing ? { ...i, qty: i.qty + item.qty } : i))
      : [...cart.items, { itemId: this.nextItemId++, ...item }];
    return this.update(cart, { items });
  }

  updateItemQty(maskedCartId: string, itemId: number, qty: number): Cart {
    const cart = this.require(maskedCartId);
    if (!cart.items.some((i) => i.itemId === itemId)) {
      throw noSuchEntity('Could not find cart item with id: %1.', [String(itemId)]);
    }
    const items = qty <= 0
      ? cart.items.filter((i) => i.itemId !== itemId)
      : cart.items.map((i) => (i.itemId === itemId ? { ...i, qty } : i));
    return this.update(cart, { items });
  }

  removeItem(maskedCartId: string, itemId: number): Cart {
    return this.updateItemQty(maskedCartId, itemId, 0);
  }

  setEmail(maskedCartId: string, email: string): Cart {
    return this.update(this.require(maskedCartId), { email });
  }

  setShippingAddress(maskedCartId: string, address: Address): Cart {
    return this.update(this.require(maskedCartId), { shippingAddress: address });
  }

  setBillingAddress(maskedCartId: string, address: Address): Cart {
    return this.update(this.require(maskedCartId), { billingAddress: address });
  }

  setShippingMethod(maskedCartId: string, method: { carrierCode: string; methodCode: string }): Cart {
    return this.update(this.require(maskedCartId), { shippingMethod: method });
  }

  setPaymentMethod(maskedCartId: string, code: string): Cart {
    return this.update(this.require(maskedCartId), { paymentMethod: code });
  }

  /** Turns the cart into an order (`placeOrder`). The cart becomes inactive only on success. */
  async place(maskedCartId: string): Promise<Order> {
    const cart = this.require(maskedCartId);
    if (cart.items.length === 0) throw new MagentoStoreError('Unable to place order: Cart does not contain any items.');
    if (!cart.email && cart.customerId === null) throw new MagentoStoreError('Guest email for cart is missing.');
    if (!cart.shippingAddress) throw new MagentoStoreError('Unable to place order: Some addresses can\'t be used due to the configurations for specific countries.');
    if (!cart.shippingMethod) throw new MagentoStoreError('Unable to place order: The shipping method is missing. Select the shipping method and try again.');
    if (!cart.paymentMethod) throw new MagentoStoreError('Unable to place order: Enter a valid payment method and try again.');
    const order = await this.placer.place({
      storeCode: cart.storeCode,
      lines: cart.items.map(({ sku, qty, parentSku }) => ({ sku, qty, parentSku })),
      customerId: cart.customerId ?? undefined,
      email: cart.email ?? undefined,
      shippingAddress: cart.shippingAddress,
      billingAddress: cart.billingAddress ?? cart.shippingAddress,
      shippingMethod: cart.shippingMethod,
      paymentMethod: cart.paymentMethod,
      quoteId: cart.id,
    });
    this.update(cart, { isActive: false, orderIncrementId: order.incrementId });
    return order;
  }

  private update(cart: Cart, patch: Partial<Cart>): Cart {
    const next = { ...cart, ...patch, updatedAt: this.now() };
    this.byMaskedId.set(cart.maskedId, next);
    return next;
  }
}

/** 32 alphanumeric characters, like Magento's `quote_id_mask.masked_id`. */
function maskedId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
}
