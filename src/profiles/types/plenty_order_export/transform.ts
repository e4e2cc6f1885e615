import { createHash } from 'node:crypto';
import { ApiError, PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoOrder, MagentoOrderItem } from '../../../connectors/magento/index.js';
import { addressDraft } from './address.js';
import { storeCodeOf, type Ctx } from './clients.js';
import type { OrderExportConfig } from './config.js';
import { magentoTime, type AddressDraft, type ExportRecord, type LineDraft, type OrderDraft, type RawOrder } from './record.js';
import { ORDER_LINK } from './links.js';

/**
 * Magento order → everything the PlentyONE order is built from (FACTS "Orders"): store mapping,
 * lines (their variation ids are found in process), shipping costs, mapped payment method, shipping profile and status,
 * addresses. Missing mappings become problem sentences (reported by validate); orders the filters
 * leave out become skips.
 */
export async function transformOrder(raw: RawOrder, ctx: Ctx): Promise<ExportRecord> {
  try {
    return await draftOf(raw, ctx);
  } catch (error) {
    if (error instanceof PermanentApiError || !(error instanceof ApiError)) throw error;
    return { kind: 'retry', incrementId: 'order' in raw ? raw.order.increment_id : raw.missing, error };
  }
}

async function draftOf(raw: RawOrder, ctx: Ctx): Promise<ExportRecord> {
  if ('missing' in raw) {
    throw new Error(`Magento has no order with increment id "${raw.missing}": it was deleted, or the event named another shop's order.`);
  }
  const { order } = raw;
  const config = ctx.config;
  const storeView = await storeCodeOf(ctx, order.store_id);
  // The filters choose which orders are exported; an exported order's later changes (cancel, hold,
  // shipment) are followed whatever its status now. So an order the filters leave out is skipped only
  // when it has no link; an order they let through has its link read in process, by the statement that
  // also claims it (one round trip on the event path instead of two).
  // An order the order import made from a PlentyONE order (its `ext_order_id`) is never exported back,
  // even before the import has linked it.
  const ext = typeof order.ext_order_id === 'string' ? order.ext_order_id : '';
  const skip = ext.startsWith('plenty:') ? `Imported from PlentyONE order ${ext.slice(7)}: it already exists there.`
    : filteredOut(order, storeView, config);
  const link = skip ? await ctx.links.get(ORDER_LINK, order.increment_id) : undefined;
  if (skip && !link) return { kind: 'skip', incrementId: order.increment_id, reason: skip };

  const problems: string[] = [];
  const row = config.storeMapping.find((r) => r.storeView === storeView);
  if (!row) problems.push(`Store view "${storeView ?? `#${order.store_id}`}" has no PlentyONE client: add it under storeMapping.`);

  const paymentMethod = order.payment?.method ?? '';
  const mopId = config.paymentMap[paymentMethod];
  if (mopId === undefined) problems.push(`Payment method "${paymentMethod}" has no PlentyONE method of payment: add it under paymentMap.`);

  const shippingAssignment = order.extension_attributes?.shipping_assignments?.[0]?.shipping;
  const shippingMethod = shippingAssignment?.method ?? '';
  const shippingProfileId = config.shippingMap[shippingMethod] ?? config.defaultShippingProfileId;
  if (shippingProfileId === undefined) {
    problems.push(`Shipping method "${shippingMethod}" has no PlentyONE shipping profile: add it under shippingMap or set defaultShippingProfileId.`);
  }

  const lines = topItems(order).map((item) => lineDraft(item, config));

  const email = order.customer_email;
  const address = (a: typeof order.billing_address): AddressDraft | undefined => {
    if (!a) return undefined;
    const draft = addressDraft(a, email, config.customer);
    if (typeof draft === 'string') {
      if (!problems.includes(draft)) problems.push(draft);
      return undefined;
    }
    return draft;
  };
  const billing = address(order.billing_address ?? shippingAssignment?.address);
  const delivery = address(shippingAssignment?.address ?? order.billing_address);
  if (!order.billing_address && !shippingAssignment?.address) problems.push(`Order ${order.increment_id} has no address to send to PlentyONE.`);

  const prefix = (order as { customer_prefix?: unknown }).customer_prefix ?? (order.billing_address as { prefix?: unknown } | undefined)?.prefix;
  const draft: Omit<OrderDraft, 'hash'> = {
    kind: 'order',
    incrementId: order.increment_id,
    entityId: order.entity_id,
    externalOrderId: config.externalOrderId === 'entity_id' ? String(order.entity_id) : order.increment_id,
    status: order.status,
    state: order.state,
    shipped: order.items.some((i) => (i.qty_shipped ?? 0) > 0),
    createdAt: magentoTime(order.created_at).toISOString(),
    storeView,
    plentyId: row?.plentyId,
    referrerId: row?.referrerId ?? config.defaultReferrerId,
    language: row?.language ?? 'de',
    currency: order.order_currency_code,
    ...currencyOf(order),
    email,
    customerId: order.customer_is_guest === 1 ? undefined : order.customer_id,
    guest: order.customer_is_guest === 1 || order.customer_id === undefined,
    firstName: order.customer_firstname ?? order.billing_address?.firstname ?? '',
    lastName: order.customer_lastname ?? order.billing_address?.lastname ?? '',
    classId: config.customer.groupClassMap[String(order.customer_group_id ?? 0)] ?? config.customer.defaultClassId,
    gender: typeof prefix === 'string' ? config.customer.genderFromPrefix[prefix.trim()] : undefined,
    billing,
    delivery,
    lines,
    shipping: {
      name: order.shipping_description ?? 'Shipping costs',
      gross: order.shipping_incl_tax ?? order.shipping_amount ?? 0,
      method: shippingMethod,
    },
    coupon: config.discounts === 'coupon_line' ? -Math.abs(order.discount_amount ?? 0) : 0,
    paymentMethod,
    mopId,
    shippingProfileId,
    statusId: config.statusMap[order.status] ?? config.defaultStatusId,
    paid: order.total_paid ?? 0,
    properties: mappedProperties(order, config),
    problems,
  };
  return { ...draft, hash: hashOf(draft), ...(link ? { link } : {}) };
}

/** Why an order is not this profile's business (status or store view filters), or undefined. */
function filteredOut(order: MagentoOrder, storeView: string | undefined, config: OrderExportConfig): string | undefined {
  const { filters } = config;
  if (filters.storeViews.length && (!storeView || !filters.storeViews.includes(storeView))) {
    return `Order ${order.increment_id} belongs to store view "${storeView ?? order.store_id}", which filters.storeViews leaves out.`;
  }
  if (filters.statuses.length && !filters.statuses.includes(order.status)) {
    return `Order ${order.increment_id} is in status "${order.status}", which is not in filters.statuses.`;
  }
  if (filters.excludeStatuses.includes(order.status)) {
    return `Order ${order.increment_id} is in status "${order.status}" (filters.excludeStatuses): it is exported once its status changes.`;
  }
  return undefined;
}

/**
 * One line per top-level Magento item: a configurable's parent line carries the child's SKU and the
 * price (its child line carries 0), so children of a parent are left out. The variation ids are found
 * when the order is written (process), with the order's link and claim.
 */
const topItems = (order: MagentoOrder) => order.items.filter((i) => i.parent_item_id === undefined || i.parent_item_id === null);

function lineDraft(item: MagentoOrderItem, config: OrderExportConfig): LineDraft {
  const quantity = item.qty_ordered;
  const list = item.price_incl_tax ?? item.price ?? 0;
  const discountPerUnit = config.discounts === 'line_items' && quantity > 0 ? (item.discount_amount ?? 0) / quantity : 0;
  return {
    sku: item.sku,
    name: item.name ?? item.sku,
    quantity,
    priceGross: round(list - discountPerUnit),
    priceOriginalGross: round(list),
    vatRate: item.tax_percent ?? 0,
    variationId: undefined,
  };
}

function mappedProperties(order: MagentoOrder, config: OrderExportConfig): { typeId: number; value: string }[] {
  const out: { typeId: number; value: string }[] = [];
  const extension = (order.extension_attributes ?? {}) as Record<string, unknown>;
  for (const { attribute, typeId } of config.orderProperties) {
    const value = (order as Record<string, unknown>)[attribute] ?? extension[attribute];
    if (value !== undefined && value !== null && value !== '') out.push({ typeId, value: String(value) });
  }
  return out;
}

/** The order's exchange rate against the base currency (PlentyONE's system currency, as assumed). */
function currencyOf(order: MagentoOrder): Pick<OrderDraft, 'exchangeRate' | 'inBaseCurrency'> {
  const inBaseCurrency = !order.base_currency_code || order.base_currency_code === order.order_currency_code;
  const rate = order.base_to_order_rate;
  return { inBaseCurrency, exchangeRate: inBaseCurrency || !rate || rate <= 0 ? 1 : rate };
}

function hashOf(draft: Omit<OrderDraft, 'hash'>): string {
  return createHash('sha256').update(JSON.stringify(draft)).digest('hex').slice(0, 32);
}

const round = (n: number) => Math.round(n * 100) / 100;
