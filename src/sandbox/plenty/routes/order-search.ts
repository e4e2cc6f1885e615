/**
 * `/rest/orders/search` filters: `field=operator:value` with operators eq, in, not, lt, lte, gt,
 * gte, between (a bare value means eq), e.g. `statusId=between:5,7`, `orderProperty_7=eq:100000123`.
 */
import { parseTimestamp } from '../dates.js';
import { Validator } from '../errors.js';
import type { OrderRecord, OrderStore } from '../stores/orders.js';

type Getter = (o: OrderRecord) => Array<string | number>;

const FIELDS: Record<string, Getter> = {
  orderId: (o) => [o.id],
  plentyId: (o) => [o.plentyId],
  orderTypeId: (o) => [o.typeId],
  statusId: (o) => [o.statusId],
  referrerId: (o) => [o.referrerId],
  ownerId: (o) => (o.ownerId === null ? [] : [o.ownerId]),
  updatedAt: (o) => [o.updatedAtMs],
  createdAt: (o) => [o.createdAtMs],
  itemVariationId: (o) => o.orderItems.map((i) => i.itemVariationId),
  orderItemName: (o) => o.orderItems.map((i) => i.orderItemName),
  packageNumber: (o) => o.packages.map((p) => p.packageNumber),
};

const DATE_FIELDS = new Set(['updatedAt', 'createdAt']);

function getter(field: string): Getter | undefined {
  const prop = /^orderProperty_(\d+)$/.exec(field);
  if (prop) return (o) => o.properties.filter((p) => p.typeId === Number(prop[1])).map((p) => p.value);
  const date = /^orderDate_(\d+)$/.exec(field);
  if (date) return (o) => o.dates.filter((x) => x.typeId === Number(date[1])).map((x) => Date.parse(x.date));
  const rel = /^relationReference_(\w+)_(\w+)$/.exec(field);
  if (rel) return (o) => o.relations.filter((r) => r.referenceType === rel[1] && r.relation === rel[2]).map((r) => r.referenceId);
  return FIELDS[field];
}

function compare(a: string | number, b: string, isDate: boolean): number {
  const right: number | string = isDate ? parseTimestamp(b) ?? Number.NaN : b;
  if (typeof a === 'number' && typeof right === 'number') return a - right;
  if (typeof a === 'number' && right !== '' && Number.isFinite(Number(right))) return a - Number(right);
  return String(a) < String(right) ? -1 : String(a) > String(right) ? 1 : 0;
}

/**
 * The orders a search has to test: those with the property an `orderProperty_N=eq:value` filter names
 * (the store's index; the filter is still applied to them), else all. A lookup by external order id
 * (property 7) is the search an order export makes per order.
 */
export function searchCandidates(params: URLSearchParams, orders: OrderStore): OrderRecord[] {
  for (const [field, raw] of params) {
    const prop = /^orderProperty_(\d+)$/.exec(field);
    if (!prop) continue;
    const m = /^(eq|in|not|nin|lt|lte|gt|gte|between):(.*)$/.exec(raw);
    if (!m) return orders.withProperty(Number(prop[1]), raw);
    if (m[1] === 'eq') return orders.withProperty(Number(prop[1]), m[2]!);
  }
  return orders.all();
}

export function searchFilter(params: URLSearchParams, _orders: OrderStore): (o: OrderRecord) => boolean {
  const tests: Array<(o: OrderRecord) => boolean> = [];
  const invalid = new Validator();
  for (const [field, raw] of params) {
    const get = getter(field);
    if (!get) continue;
    const m = /^(eq|in|not|nin|lt|lte|gt|gte|between):(.*)$/.exec(raw);
    const op = m ? (m[1] as string) : 'eq';
    const value = m ? (m[2] as string) : raw;
    const isDate = DATE_FIELDS.has(field) || field.startsWith('orderDate_');
    // A range is two values: an open end is written with gte/lte, not an empty bound.
    if (op === 'between' && value.split(',').filter((v) => v.trim() !== '').length !== 2) {
      invalid.add(field, `The between filter of ${field} needs two values (between:from,to); use gte: or lte: for an open range.`);
    }
    tests.push((o) => {
      const values = get(o);
      switch (op) {
        case 'eq':
          return values.some((v) => compare(v, value, isDate) === 0);
        case 'not':
          return values.every((v) => compare(v, value, isDate) !== 0);
        case 'in':
          return values.some((v) => value.split(',').some((x) => compare(v, x, isDate) === 0));
        case 'nin':
          return values.every((v) => value.split(',').every((x) => compare(v, x, isDate) !== 0));
        case 'lt':
          return values.some((v) => compare(v, value, isDate) < 0);
        case 'lte':
          return values.some((v) => compare(v, value, isDate) <= 0);
        case 'gt':
          return values.some((v) => compare(v, value, isDate) > 0);
        case 'gte':
          return values.some((v) => compare(v, value, isDate) >= 0);
        case 'between': {
          const [from = '', to = ''] = value.split(',');
          return values.some((v) => compare(v, from, isDate) >= 0 && compare(v, to, isDate) <= 0);
        }
        default:
          return true;
      }
    });
  }
  invalid.throwIfAny();
  return (o) => tests.every((t) => t(o));
}
