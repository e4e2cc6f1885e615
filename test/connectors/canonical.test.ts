/** The first pass before zod (connectors/canonical.ts): same outcome as zod, without zod for answers already in form. */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { hasCanonicalPass, parseCanonical } from '../../src/connectors/canonical.js';
import { parseAnswer } from '../../src/connectors/plenty/answer.js';
import { PermanentApiError } from '../../src/connectors/errors.js';
import { listOf } from '../../src/connectors/plenty/schemas/common.js';
import { orderSchema } from '../../src/connectors/plenty/schemas/orders.js';
import { stockEntrySchema } from '../../src/connectors/plenty/schemas/stock.js';
import { orderSearchResultSchema } from '../../src/connectors/magento/schemas/order.js';
import { magentoExample } from '../support/magento-references.js';

const stockPage = listOf(stockEntrySchema);
const row = (variationId: number) => ({
  itemId: 7, variationId, warehouseId: 1, stockPhysical: 12, reservedStock: null, stockNet: 12.5, reorderDelta: 0,
  warehousePriority: 1, updatedAt: '2026-12-01T10:00:00+01:00', averageSale: 0,
});
const page = (over: Record<string, unknown> = {}) => ({ page: 2, totalsCount: 3, isLastPage: true, lastPageNumber: 2, itemsPerPage: 250, entries: [row(1), row(2), row(3)], ...over });

describe('canonical first pass', () => {
  it('takes a stock page without zod: the answer itself, unknown fields kept', () => {
    expect(hasCanonicalPass(stockPage)).toBe(true);
    const answer = page();
    const parsed = parseCanonical(stockPage, answer);
    expect(parsed.success && parsed.data).toBe(answer);
    expect(parsed.data).toEqual(stockPage.parse(page()));
  });

  it('converts only the fields not in form, with their own schema, copying only what holds them', () => {
    const answer = page({ page: '2', isLastPage: 1 });
    const parsed = parseCanonical(stockPage, answer);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(stockPage.parse(page({ page: '2', isLastPage: 1 })));
    expect(parsed.data).toMatchObject({ page: 2, isLastPage: true });
    expect((parsed.data as { entries: unknown }).entries).toBe(answer.entries);
    expect(answer.page).toBe('2'); // the answer itself is left as it came

    const stringy = page({ entries: [row(1), { ...row(2), stockNet: ' 4 ', variationId: '2' }, row(3)] });
    const again = parseCanonical(stockPage, stringy);
    expect(again.data).toEqual(stockPage.parse(stringy));
    expect((again.data as { entries: { stockNet: number }[] }).entries[1]!.stockNet).toBe(4);
    expect((again.data as { entries: unknown[] }).entries[0]).toBe(stringy.entries[0]);
  });

  it('leaves bad answers to zod: the same error and message', () => {
    for (const bad of [
      page({ entries: [row(1), { ...row(2), stockNet: 'many' }] }),
      page({ entries: [row(1), { ...row(2), variationId: 2.5 }] }),
      page({ entries: [{ ...row(1), warehouseId: undefined }] }),
      page({ page: undefined }),
      'Service Unavailable',
      null,
    ]) {
      const ours = parseCanonical(stockPage, bad);
      const zods = stockPage.safeParse(bad);
      expect(ours.success).toBe(false);
      expect(ours.error?.issues).toEqual(zods.error?.issues);
    }
    expect(() => parseAnswer('GET /rest/stockmanagement/stock', stockPage, page({ entries: [row(1), { ...row(2), stockNet: 'many' }] }), 200))
      .toThrow(PermanentApiError);
  });

  it('a plain object drops unknown fields: with any, zod makes the output', () => {
    const schema = z.object({ id: z.number(), name: z.string().nullish() });
    expect(hasCanonicalPass(schema)).toBe(true);
    const withExtra = { id: 1, name: 'a', extra: true };
    expect(parseCanonical(schema, withExtra).data).toEqual({ id: 1, name: 'a' });
    const exact = { id: 1, name: null };
    expect(parseCanonical(schema, exact).data).toBe(exact);
  });

  it('checks integers and number bounds itself: what zod accepts passes, anything else gets zod\'s error', () => {
    const schema = z.looseObject({ n: z.number().int(), count: z.number().int().nonnegative(), ratio: z.number().gt(0).lte(1) });
    expect(hasCanonicalPass(schema)).toBe(true);
    const good = { n: -3, count: 0, ratio: 1 };
    expect(parseCanonical(schema, good).data).toBe(good);
    for (const bad of [{ ...good, n: 2.5 }, { ...good, n: 2 ** 60 }, { ...good, count: -1 }, { ...good, ratio: 0 }, { ...good, ratio: 1.5 }, { ...good, n: '3' }]) {
      const ours = parseCanonical(schema, bad);
      expect(ours.success).toBe(false);
      expect(ours.error?.issues).toEqual(schema.safeParse(bad).error?.issues);
    }
  });

  it('leaves a field with transforms, rules or defaults to its own schema in zod, the rest of the answer to the pass', () => {
    const schema = z.looseObject({ id: z.number(), s: z.string().min(1), d: z.string().default('x'), t: z.string().nullish().transform((v) => v ?? '') });
    expect(hasCanonicalPass(schema)).toBe(true);
    const inForm = { id: 1, s: 'a', d: 'y', t: 'z', extra: [1] };
    expect(parseCanonical(schema, inForm).data).toBe(inForm);
    const converted = { id: 1, s: 'a', t: null };
    expect(parseCanonical(schema, converted).data).toEqual(schema.parse(converted));
    expect(parseCanonical(schema, converted).data).toEqual({ id: 1, s: 'a', d: 'x', t: '' });
    expect(converted).toEqual({ id: 1, s: 'a', t: null }); // the answer itself is left as it came
    const bad = { id: 1, s: '', t: 'z' };
    expect(parseCanonical(schema, bad).error?.issues).toEqual(schema.safeParse(bad).error?.issues);
  });

  it('takes a Magento order search answer as zod makes it: the answer itself, or a copy where the status is missing', () => {
    const order = magentoExample('order-get.json') as Record<string, unknown>;
    expect(hasCanonicalPass(orderSearchResultSchema)).toBe(true);
    const answer = { items: [order], search_criteria: {}, total_count: 1 };
    const parsed = parseCanonical(orderSearchResultSchema, answer);
    expect(parsed.data).toBe(answer);
    expect(parsed.data).toEqual(orderSearchResultSchema.parse(answer));
    const { status: _status, ...lost } = order;
    const withoutStatus = { items: [order, lost], total_count: 2 };
    const again = parseCanonical(orderSearchResultSchema, withoutStatus);
    expect(again.data).toEqual(orderSearchResultSchema.parse(withoutStatus));
    expect(again.data?.items[1]?.status).toBe('');
    expect(again.data?.items[0]).toBe(order);
    const bad = { items: [{ ...order, entity_id: 1.5 }], total_count: 1 };
    expect(parseCanonical(orderSearchResultSchema, bad).error?.issues).toEqual(orderSearchResultSchema.safeParse(bad).error?.issues);
  });

  it('vouches for no schema with transforms, rules or defaults as a whole, nor unions it cannot tell apart', () => {
    expect(hasCanonicalPass(z.string().min(1))).toBe(false);
    expect(hasCanonicalPass(z.string().transform((v) => v.length))).toBe(false);
    expect(hasCanonicalPass(z.union([z.string(), z.number()]))).toBe(false);
    // The order schema: whatever it holds, parsing one through the pass is the same as zod.
    const order = { id: 5, typeId: 1, statusId: 5, plentyId: 1000, referrerId: 1, orderItems: [], amounts: [], addressRelations: [], relations: [], properties: [] };
    const ours = parseCanonical(orderSchema, order);
    const zods = orderSchema.safeParse(order);
    expect(ours.success).toBe(zods.success);
    expect(ours.data).toEqual(zods.data);
  });
});
