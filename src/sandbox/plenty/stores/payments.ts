/** Payments and their links to orders (`POST /rest/payment/{paymentId}/order/{orderId}`). */
import { w3c } from '../dates.js';

export interface PaymentRecord {
  id: number;
  amount: number;
  exchangeRatio: number;
  parentId: number | null;
  deleted: number;
  unaccountable: number;
  currency: string;
  type: string;
  hash: string;
  origin: number;
  receivedAt: string;
  importedAt: string;
  status: number;
  transactionType: number;
  mopId: number;
  isSystemCurrency: boolean;
  properties: Array<{ id: number; paymentId: number; typeId: number; value: string }>;
}

export interface PaymentOrderRelation {
  id: number;
  paymentId: number;
  orderId: number;
  assignedAt: string;
}

export class PaymentStore {
  private readonly payments = new Map<number, PaymentRecord>();
  private readonly relations: PaymentOrderRelation[] = [];
  private nextId = 1;
  private nextRelationId = 1;
  private nextPropertyId = 1;

  constructor(private readonly now: () => number) {}

  create(input: Partial<PaymentRecord> & { properties?: Array<{ typeId: number; value: string }> }): PaymentRecord {
    const id = this.nextId++;
    const ts = w3c(this.now());
    const p: PaymentRecord = {
      id,
      amount: Number(input.amount ?? 0),
      exchangeRatio: Number(input.exchangeRatio ?? 1),
      parentId: input.parentId ?? null,
      deleted: 0,
      unaccountable: Number(input.unaccountable ?? 0),
      currency: String(input.currency ?? 'EUR'),
      type: String(input.type ?? 'credit'),
      hash: `${id.toString(16).padStart(8, '0')}`,
      origin: Number(input.origin ?? 23),
      receivedAt: input.receivedAt ?? ts,
      importedAt: ts,
      status: Number(input.status ?? 2),
      transactionType: Number(input.transactionType ?? 2),
      mopId: Number(input.mopId ?? 0),
      isSystemCurrency: input.currency === undefined || input.currency === 'EUR',
      properties: (input.properties ?? []).map((x) => ({ id: this.nextPropertyId++, paymentId: id, typeId: Number(x.typeId), value: String(x.value) })),
    };
    this.payments.set(id, p);
    return p;
  }

  get(id: number): PaymentRecord | undefined {
    return this.payments.get(id);
  }

  all(): PaymentRecord[] {
    return [...this.payments.values()];
  }

  link(paymentId: number, orderId: number): PaymentOrderRelation {
    const existing = this.relations.find((r) => r.paymentId === paymentId);
    if (existing) {
      existing.orderId = orderId;
      return existing;
    }
    const rel = { id: this.nextRelationId++, paymentId, orderId, assignedAt: w3c(this.now()) };
    this.relations.push(rel);
    return rel;
  }

  forOrder(orderId: number): PaymentRecord[] {
    return this.relations.filter((r) => r.orderId === orderId).map((r) => this.payments.get(r.paymentId)).filter((p): p is PaymentRecord => p !== undefined);
  }

  get size(): number {
    return this.payments.size;
  }
}
