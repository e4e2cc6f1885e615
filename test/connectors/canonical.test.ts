/** The first pass before zod (connectors/canonical.ts): same outcome as zod, without zod for answers already in form. */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { hasCanonicalPass, parseCanonical } from '../../src/connectors/canonical.js';
import { parseAnswer } from '../../src/connectors/plenty/answer.js';
import { PermanentApiError } from '../../src/connectors/errors.js';
import { listOf } from '../../src/connectors/plenty/schemas/common.js';
import { orderSchema } from '../../src/connectors/plenty/schemas/orders.js';
import { stockEntrySchema } from '../../src/connectors/plenty/schemas/stock.js';

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

  it('vouches for no schema with transforms, rules or defaults, nor unions it cannot tell apart', () => {
    expect(hasCanonicalPass(z.object({ n: z.number().int() }))).toBe(false);
    expect(hasCanonicalPass(z.object({ s: z.string().min(1) }))).toBe(false);
    expect(hasCanonicalPass(z.object({ s: z.string().default('x') }))).toBe(false);
    expect(hasCanonicalPass(z.object({ s: z.string().transform((v) => v.length) }))).toBe(false);
    expect(hasCanonicalPass(z.union([z.string(), z.number()]))).toBe(false);
    // The order schema: whatever it holds, parsing one through the pass is the same as zod.
    const order = { id: 5, typeId: 1, statusId: 5, plentyId: 1000, referrerId: 1, orderItems: [], amounts: [], addressRelations: [], relations: [], properties: [] };
    const ours = parseCanonical(orderSchema, order);
    const zods = orderSchema.safeParse(order);
    expect(ours.success).toBe(zods.success);
    expect(ours.data).toEqual(zods.data);
  });
});
