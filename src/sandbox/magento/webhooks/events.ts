import type { MagentoStore, Order, StoreChange } from '../store/index.js';
import { textsIn } from '../store/index.js';
import { magentoTime } from '../rest/format.js';

type Json = Record<string, unknown>;

/**
 * A store change described once for every webhook format: the neutral type (`order.saved`), the
 * Magento event names, the entity as Magento's observers see it (flat snake_case data) and the keys
 * that name it (what a receiver needs to fetch the current state).
 */
export interface WebhookEvent {
  /** `<entity>.<kind>`, e.g. `product.saved`, `order.placed`. */
  type: string;
  /** Commerce Webhooks method, e.g. `observer.catalog_product_save_after`. */
  commerceMethod: string;
  /** Key of the entity inside the observer payload's `data` (`product`, `order`, ...). */
  dataKey: string;
  /** I/O Events type suffix, e.g. `catalog_product_save_commit_after`. */
  ioEvent: string;
  /** Extension-style hook name, e.g. `new_order`, `update_product`. */
  hook: string;
  entity: Json;
  keys: Json;
  storeId: number;
}

export function describeChange(store: MagentoStore, change: StoreChange): WebhookEvent {
  switch (change.entity) {
    case 'product': {
      const { product } = change;
      const view = change.storeCode === 'all' || change.storeCode === 'admin' ? undefined : store.layout.views.find((v) => v.code === change.storeCode);
      const texts = textsIn(product, view?.code ?? 'all');
      const deleted = change.kind === 'deleted';
      return {
        type: `product.${change.kind}`,
        commerceMethod: deleted ? 'observer.catalog_product_delete_before' : 'observer.catalog_product_save_after',
        dataKey: 'product',
        ioEvent: deleted ? 'catalog_product_delete_commit_after' : 'catalog_product_save_commit_after',
        hook: deleted ? 'delete_product' : product.createdAt === product.updatedAt ? 'new_product' : 'update_product',
        entity: {
          store_id: view?.id ?? 0,
          entity_id: String(product.id),
          attribute_set_id: String(product.attributeSetId),
          type_id: product.typeId,
          sku: product.sku,
          name: texts.name,
          tax_class_id: String(product.taxClassId),
          description: texts.description,
          price: product.price.toFixed(2),
          status: String(product.status),
          visibility: String(product.visibility),
          created_at: magentoTime(product.createdAt),
          updated_at: magentoTime(product.updatedAt),
          extension_attributes: {},
          quantity_and_stock_status: {},
          category_ids: Object.fromEntries(product.categoryIds.map((id, i) => [String(i), String(id)])),
          stock_data: {},
          media_gallery: {},
        },
        keys: { sku: product.sku, id: product.id, store_code: view?.code ?? 'all' },
        storeId: view?.id ?? 0,
      };
    }
    case 'category': {
      const { category } = change;
      const deleted = change.kind === 'deleted';
      return {
        type: `category.${change.kind}`,
        commerceMethod: deleted ? 'observer.catalog_category_delete_after' : 'observer.catalog_category_save_after',
        dataKey: 'category',
        ioEvent: deleted ? 'catalog_category_delete_commit_after' : 'catalog_category_save_commit_after',
        hook: deleted ? 'delete_category' : category.createdAt === category.updatedAt ? 'new_category' : 'update_category',
        entity: {
          entity_id: String(category.id),
          parent_id: String(category.parentId),
          name: category.name,
          path: category.path,
          position: String(category.position),
          level: String(category.level),
          is_active: category.isActive ? '1' : '0',
          updated_at: magentoTime(category.updatedAt),
        },
        keys: { id: category.id },
        storeId: 0,
      };
    }
    case 'source_item': {
      const { sourceItem } = change;
      return {
        type: 'source_item.saved',
        commerceMethod: 'observer.cataloginventory_stock_item_save_after',
        dataKey: 'item',
        ioEvent: 'cataloginventory_stock_item_save_commit_after',
        hook: 'update_stock',
        entity: {
          product_id: String(store.products.idOfSku(sourceItem.sku) ?? ''),
          sku: sourceItem.sku,
          source_code: sourceItem.sourceCode,
          qty: String(sourceItem.quantity),
          is_in_stock: String(sourceItem.status),
        },
        keys: { sku: sourceItem.sku, source_code: sourceItem.sourceCode },
        storeId: 0,
      };
    }
    case 'customer': {
      const { customer } = change;
      const deleted = change.kind === 'deleted';
      return {
        type: `customer.${change.kind}`,
        commerceMethod: deleted ? 'observer.customer_delete_after' : 'observer.customer_save_after',
        dataKey: 'customer',
        ioEvent: deleted ? 'customer_delete_commit_after' : 'customer_save_commit_after',
        hook: deleted ? 'delete_customer' : change.isNew ? 'new_customer' : 'update_customer',
        entity: {
          entity_id: String(customer.id),
          email: customer.email,
          firstname: customer.firstname,
          lastname: customer.lastname,
          group_id: String(customer.groupId),
          store_id: String(customer.storeId),
          website_id: String(customer.websiteId),
          updated_at: magentoTime(customer.updatedAt),
        },
        keys: { id: customer.id, email: customer.email },
        storeId: customer.storeId,
      };
    }
    case 'order': {
      const { order } = change;
      const placed = change.kind === 'placed';
      return {
        type: `order.${change.kind}`,
        // The place plugin runs before the order is saved: Magento has no entity id yet.
        commerceMethod: placed ? 'plugin.magento.sales.api.order_management.place' : 'observer.sales_order_save_after',
        dataKey: 'order',
        ioEvent: placed ? 'sales_order_place_after' : 'sales_order_save_commit_after',
        hook: placed ? 'new_order' : 'order',
        entity: orderData(order, placed),
        keys: placed ? { increment_id: order.incrementId } : { entity_id: order.entityId, increment_id: order.incrementId },
        storeId: order.storeId,
      };
    }
    case 'shipment': {
      const { order, shipment } = change;
      return {
        type: 'shipment.saved',
        commerceMethod: 'observer.sales_order_shipment_save_after',
        dataKey: 'shipment',
        ioEvent: 'sales_order_shipment_save_commit_after',
        hook: 'new_shipment',
        entity: {
          entity_id: String(shipment.entityId),
          increment_id: shipment.incrementId,
          order_id: String(order.entityId),
          order_increment_id: order.incrementId,
          store_id: String(order.storeId),
          total_qty: String(shipment.items.reduce((s, i) => s + i.qty, 0)),
          items: shipment.items.map((i) => ({ order_item_id: String(i.orderItemId), sku: i.sku, qty: String(i.qty) })),
          tracks: shipment.tracks.map((t) => ({ track_number: t.trackNumber, title: t.title, carrier_code: t.carrierCode })),
          created_at: magentoTime(shipment.createdAt),
        },
        keys: { entity_id: shipment.entityId, order_id: order.entityId, order_increment_id: order.incrementId },
        storeId: order.storeId,
      };
    }
    case 'invoice': {
      const { order, invoice } = change;
      return {
        type: 'invoice.saved',
        commerceMethod: 'observer.sales_order_invoice_save_after',
        dataKey: 'invoice',
        ioEvent: 'sales_order_invoice_save_commit_after',
        hook: 'new_invoice',
        entity: {
          entity_id: String(invoice.entityId),
          increment_id: invoice.incrementId,
          order_id: String(order.entityId),
          grand_total: invoice.grandTotal.toFixed(4),
          state: String(invoice.state),
          created_at: magentoTime(invoice.createdAt),
        },
        keys: { entity_id: invoice.entityId, order_id: order.entityId, order_increment_id: order.incrementId },
        storeId: order.storeId,
      };
    }
  }
}

/** Order data as the place plugin / save observer see it (cf. examples/webhook-plugin-order-place.json). */
function orderData(order: Order, placed: boolean): Json {
  return {
    ...(placed ? {} : { entity_id: String(order.entityId) }),
    increment_id: order.incrementId,
    state: order.state,
    status: order.status,
    store_id: order.storeId,
    customer_id: order.customerId,
    customer_email: order.customerEmail,
    customer_is_guest: order.customerIsGuest ? 1 : 0,
    base_currency_code: order.currency,
    base_discount_amount: -order.discountAmount,
    base_grand_total: order.grandTotal,
    base_discount_tax_compensation_amount: 0,
    base_shipping_amount: order.shippingAmount,
    grand_total: order.grandTotal,
    items: order.items.map((i) => ({ sku: i.sku, name: i.name, qty_ordered: i.qtyOrdered, product_type: i.productType })),
    status_histories: [],
    extension_attributes: [],
    addresses: [
      { ...addressData(order.shippingAddress), address_type: 'shipping' },
      { ...addressData(order.billingAddress), address_type: 'billing' },
    ],
    shipping_method: order.shippingMethod,
    payment: { method: order.paymentMethod, additional_data: null },
    created_at: magentoTime(order.createdAt),
    updated_at: magentoTime(order.updatedAt),
  };
}

function addressData(a: Order['billingAddress']): Json {
  return {
    firstname: a.firstname,
    lastname: a.lastname,
    street: a.street.join('\n'),
    city: a.city,
    region_id: a.regionId !== undefined ? String(a.regionId) : null,
    postcode: a.postcode,
    country_id: a.countryId,
    telephone: a.telephone,
    email: a.email,
  };
}
