/**
 * Orders with their items, properties (type 7 = external order id), address relations, contact
 * relations, dates and shipping packages. Orders are few compared with variations, so they live in
 * memory entirely; generated orders (if any) are loaded once at start.
 */
import { w3c } from '../dates.js';
import { statusName } from '../reference-data.js';

export interface OrderItemAmount {
  id: number;
  orderItemId: number;
  isSystemCurrency: boolean;
  currency: string;
  exchangeRate: number;
  purchasePrice: number;
  priceOriginalGross: number;
  priceOriginalNet: number;
  priceGross: number;
  priceNet: number;
  surcharge: number;
  discount: number;
  isPercentage: boolean;
}

export interface OrderItemRecord {
  id: number;
  orderId: number;
  typeId: number;
  referrerId: number;
  itemVariationId: number;
  quantity: number;
  orderItemName: string;
  attributeValues: string;
  shippingProfileId: number;
  countryVatId: number;
  vatField: number;
  vatRate: number;
  position: number;
  warehouseId: number | null;
  createdAt: string;
  updatedAt: string;
  amounts: OrderItemAmount[];
  properties: Array<{ typeId: number; value: string }>;
  /** Lines of credit notes and returns name the line of the parent order they stand for. */
  references?: Array<{ referenceOrderItemId: number; referenceType: string }>;
}

export interface OrderPropertyRecord {
  id: number;
  orderId: number;
  typeId: number;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface ShippingPackageRecord {
  id: number;
  orderId: number;
  packageId: number;
  weight: number;
  packageNumber: string;
  labelPath: string;
  returnPackageNumber: string;
  packageType: number;
  volume: number;
  isClosed: boolean;
  createdAt: string;
  updatedAt: string;
}

/** An order document (`with=documents`): invoices of sales orders, credit notes of credit-note orders. */
export interface OrderDocumentRecord {
  id: number;
  type: string;
  number: number;
  numberWithPrefix: string;
  path: string;
  userId: number;
  source: string;
  displayDate: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

export interface OrderRecord {
  id: number;
  typeId: number;
  statusId: number;
  statusName: string;
  ownerId: number | null;
  referrerId: number;
  createdAt: string;
  updatedAt: string;
  plentyId: number;
  locationId: number;
  roundTotalsOnly: boolean;
  numberOfDecimals: number;
  lockStatus: string;
  isLocked: boolean;
  hasTaxRelevantDocuments: boolean;
  hasDeliveryOrders: boolean;
  legacyOrderType: string;
  contactSenderId: number | null;
  contactReceiverId: number | null;
  warehouseSenderId: number | null;
  warehouseReceiverId: number | null;
  orderItems: OrderItemRecord[];
  properties: OrderPropertyRecord[];
  addressRelations: Array<{ id: number; orderId: number; typeId: number; addressId: number }>;
  relations: Array<{ orderId: number; referenceType: string; referenceId: number; relation: string }>;
  dates: Array<{ orderId: number; typeId: number; date: string }>;
  /** Sandbox bookkeeping, stripped from answers. */
  createdAtMs: number;
  updatedAtMs: number;
  packages: ShippingPackageRecord[];
  documents?: OrderDocumentRecord[];
}

/** What POST /rest/orders accepts after validation (see routes/orders.ts). */
export interface NewOrder {
  typeId: number;
  plentyId: number;
  statusId?: number;
  ownerId?: number;
  referrerId?: number;
  lockStatus?: string;
  orderItems: Array<Partial<Omit<OrderItemRecord, 'amounts'>> & { amounts?: Array<Partial<OrderItemAmount>> }>;
  properties: Array<{ typeId: number; value: string }>;
  addressRelations: Array<{ typeId: number; addressId: number }>;
  relations: Array<{ referenceType: string; referenceId: number; relation: string }>;
  dates: Array<{ typeId: number; date: string }>;
}

/** Order type 1 (sales order) is the "Auftrag"; the legacy name is what older clients read. */
const LEGACY_TYPES: Record<number, string> = { 1: 'order', 2: 'delivery_order', 3: 'returns', 4: 'credit_note', 5: 'warranty', 6: 'repair', 7: 'offer', 8: 'advance_order' };

const propertyKey = (typeId: number, value: string) => `${typeId}\u0000${value}`;

export class OrderStore {
  private readonly orders = new Map<number, OrderRecord>();
  /**
   * Order ids by property (`typeId` and value): a search for an external order id (property 7) looked at
   * every order, so each lookup cost more the more orders the sandbox held. Kept by create and update,
   * the only writers of properties; a search still applies its whole filter to what the index names.
   */
  private readonly byProperty = new Map<string, Set<number>>();
  private nextOrderId: number;
  private nextItemId = 1;
  private nextPropertyId = 1;
  private nextPackageId = 1;
  private nextAmountId = 1;
  private nextRelationId = 1;

  constructor(
    private readonly now: () => number,
    firstOrderId: number,
  ) {
    this.nextOrderId = firstOrderId;
  }

  get(id: number): OrderRecord | undefined {
    return this.orders.get(id);
  }

  all(): OrderRecord[] {
    return [...this.orders.values()];
  }

  get size(): number {
    return this.orders.size;
  }

  create(input: NewOrder, at = this.now()): OrderRecord {
    const id = this.nextOrderId++;
    const ts = w3c(at);
    const statusId = input.statusId ?? 3;
    const receiver = input.relations.find((r) => r.referenceType === 'contact' && r.relation === 'receiver');
    const order: OrderRecord = {
      id,
      typeId: input.typeId,
      statusId,
      statusName: statusName(statusId),
      ownerId: input.ownerId ?? null,
      referrerId: input.referrerId ?? 0,
      createdAt: ts,
      updatedAt: ts,
      plentyId: input.plentyId,
      locationId: 0,
      roundTotalsOnly: false,
      numberOfDecimals: 2,
      lockStatus: input.lockStatus ?? 'unlocked',
      isLocked: false,
      hasTaxRelevantDocuments: false,
      hasDeliveryOrders: false,
      legacyOrderType: LEGACY_TYPES[input.typeId] ?? 'order',
      contactSenderId: null,
      contactReceiverId: receiver?.referenceId ?? null,
      warehouseSenderId: null,
      warehouseReceiverId: null,
      orderItems: input.orderItems.map((it, position) => this.item(id, it, position, ts, input.referrerId ?? 0)),
      properties: input.properties.map((p) => ({ id: this.nextPropertyId++, orderId: id, typeId: p.typeId, value: String(p.value), createdAt: ts, updatedAt: ts })),
      addressRelations: input.addressRelations.map((a) => ({ id: this.nextRelationId++, orderId: id, typeId: a.typeId, addressId: a.addressId })),
      relations: input.relations.map((r) => ({ orderId: id, referenceType: r.referenceType, referenceId: r.referenceId, relation: r.relation })),
      // The entry date (type 2) is the creation time unless the caller gives its own (a marketplace's order time).
      dates: [
        ...(input.dates.some((d) => d.typeId === 2) ? [] : [{ orderId: id, typeId: 2, date: ts }]),
        ...input.dates.map((d) => ({ orderId: id, typeId: d.typeId, date: d.date })),
      ],
      createdAtMs: at,
      updatedAtMs: at,
      packages: [],
    };
    this.orders.set(id, order);
    for (const p of order.properties) this.indexProperty(p, id);
    return order;
  }

  /** The orders carrying property `typeId` with exactly `value`, in id order. */
  withProperty(typeId: number, value: string): OrderRecord[] {
    const ids = [...(this.byProperty.get(propertyKey(typeId, value)) ?? [])].sort((a, b) => a - b);
    return ids.flatMap((id) => this.orders.get(id) ?? []);
  }

  private indexProperty(p: { typeId: number; value: string }, orderId: number, add = true): void {
    const key = propertyKey(p.typeId, p.value);
    const ids = this.byProperty.get(key);
    if (add) {
      if (ids) ids.add(orderId);
      else this.byProperty.set(key, new Set([orderId]));
    } else if (ids) {
      ids.delete(orderId);
      if (ids.size === 0) this.byProperty.delete(key);
    }
  }

  /** PUT /rest/orders/{id}: status, owner, properties (replaced per type) and relations. */
  update(id: number, patch: Partial<NewOrder>): OrderRecord | undefined {
    const order = this.orders.get(id);
    if (!order) return undefined;
    const ts = w3c(this.now());
    if (patch.statusId !== undefined) {
      order.statusId = patch.statusId;
      order.statusName = statusName(patch.statusId);
    }
    if (patch.ownerId !== undefined) order.ownerId = patch.ownerId;
    if (patch.plentyId !== undefined) order.plentyId = patch.plentyId;
    if (patch.lockStatus !== undefined) order.lockStatus = patch.lockStatus;
    for (const p of order.properties) this.indexProperty(p, id, false);
    for (const p of patch.properties ?? []) {
      const existing = order.properties.find((x) => x.typeId === p.typeId);
      if (existing) {
        existing.value = String(p.value);
        existing.updatedAt = ts;
      } else {
        order.properties.push({ id: this.nextPropertyId++, orderId: id, typeId: p.typeId, value: String(p.value), createdAt: ts, updatedAt: ts });
      }
    }
    for (const p of order.properties) this.indexProperty(p, id);
    for (const a of patch.addressRelations ?? []) {
      const existing = order.addressRelations.find((x) => x.typeId === a.typeId);
      if (existing) existing.addressId = a.addressId;
      else order.addressRelations.push({ id: this.nextRelationId++, orderId: id, typeId: a.typeId, addressId: a.addressId });
    }
    this.touch(order);
    return order;
  }

  setStatus(id: number, statusId: number): OrderRecord | undefined {
    return this.update(id, { statusId });
  }

  addPackage(orderId: number, input: Partial<ShippingPackageRecord>): ShippingPackageRecord | undefined {
    const order = this.orders.get(orderId);
    if (!order) return undefined;
    const ts = w3c(this.now());
    const pkg: ShippingPackageRecord = {
      id: this.nextPackageId++,
      orderId,
      packageId: Number(input.packageId ?? 1),
      weight: Number(input.weight ?? 0),
      packageNumber: String(input.packageNumber ?? ''),
      labelPath: String(input.labelPath ?? ''),
      returnPackageNumber: String(input.returnPackageNumber ?? ''),
      packageType: Number(input.packageType ?? 0),
      volume: Number(input.volume ?? 0),
      isClosed: false,
      createdAt: ts,
      updatedAt: ts,
    };
    order.packages.push(pkg);
    this.touch(order);
    return pkg;
  }

  private nextDocumentId = 1;

  /** Generates a document of the order (`POST /rest/orders/{orderId}/documents/{type}/generate`). */
  addDocument(orderId: number, type: string): OrderDocumentRecord | undefined {
    const order = this.orders.get(orderId);
    if (!order) return undefined;
    const ts = w3c(this.now());
    const id = this.nextDocumentId++;
    const prefix = type === 'credit_note' ? 'CN-' : type === 'invoice' ? 'RE-' : '';
    const doc: OrderDocumentRecord = {
      id, type, number: id, numberWithPrefix: `${prefix}${id}`, path: `${type}/${orderId}/${id}.pdf`, userId: 1, source: 'rest',
      displayDate: ts, status: 'done', createdAt: ts, updatedAt: ts,
    };
    order.documents = [...(order.documents ?? []), doc];
    if (type === 'invoice' || type === 'credit_note') order.hasTaxRelevantDocuments = true;
    this.touch(order);
    return doc;
  }

  externalOrderId(order: OrderRecord): string | undefined {
    return order.properties.find((p) => p.typeId === 7)?.value;
  }

  private touch(order: OrderRecord): void {
    order.updatedAtMs = this.now();
    order.updatedAt = w3c(order.updatedAtMs);
  }

  private item(orderId: number, it: NewOrder['orderItems'][number], position: number, ts: string, referrerId: number): OrderItemRecord {
    const id = this.nextItemId++;
    return {
      id,
      orderId,
      typeId: Number(it.typeId ?? 1),
      referrerId: Number(it.referrerId ?? referrerId),
      itemVariationId: Number(it.itemVariationId ?? 0),
      quantity: Number(it.quantity ?? 1),
      orderItemName: String(it.orderItemName ?? ''),
      attributeValues: String(it.attributeValues ?? ''),
      shippingProfileId: Number(it.shippingProfileId ?? 0),
      countryVatId: Number(it.countryVatId ?? 1),
      vatField: Number(it.vatField ?? 0),
      vatRate: Number(it.vatRate ?? 19),
      position,
      warehouseId: it.warehouseId ?? null,
      createdAt: ts,
      updatedAt: ts,
      amounts: (it.amounts ?? []).map((a) => {
        const original = Number(a.priceOriginalGross ?? a.priceGross ?? 0);
        const rate = Number(it.vatRate ?? 19);
        // The price paid: the list price with the surcharge and less the discount (an amount or a percentage).
        const discount = Number(a.discount ?? 0);
        const cents = (v: number) => Math.round(v * 100) / 100;
        const gross = a.priceGross !== undefined && a.priceOriginalGross !== undefined
          ? Number(a.priceGross)
          : cents(original + Number(a.surcharge ?? 0) - (a.isPercentage ? (original * discount) / 100 : discount));
        const net = cents(gross / (1 + rate / 100));
        return {
          id: this.nextAmountId++,
          orderItemId: id,
          isSystemCurrency: Boolean(a.isSystemCurrency ?? true),
          currency: String(a.currency ?? 'EUR'),
          exchangeRate: Number(a.exchangeRate ?? 1),
          purchasePrice: Number(a.purchasePrice ?? 0),
          priceOriginalGross: original,
          priceOriginalNet: Number(a.priceOriginalNet ?? cents(original / (1 + rate / 100))),
          priceGross: gross,
          priceNet: net,
          surcharge: Number(a.surcharge ?? 0),
          discount: Number(a.discount ?? 0),
          isPercentage: Boolean(a.isPercentage ?? false),
        };
      }),
      properties: (it.properties ?? []).map((p) => ({ typeId: Number(p.typeId), value: String(p.value) })),
      ...(it.references ? { references: it.references.map((x) => ({ referenceOrderItemId: Number(x.referenceOrderItemId), referenceType: String(x.referenceType) })) } : {}),
    };
  }
}
