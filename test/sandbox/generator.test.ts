import { describe, expect, it } from 'vitest';
import {
  MSI_SOURCES,
  WAREHOUSES,
  createCatalog,
  isValidEan13,
  parseConfigurableSku,
  parseVariationSku,
  variationSku,
} from '../../src/sandbox/generator/index.js';

const sample = [0, 1, 2, 17, 31, 32, 33, 499, 998, 999];

describe('catalog determinism', () => {
  it('gives identical records for the same seed', () => {
    const a = createCatalog({ seed: 42, variations: 1000 });
    const b = createCatalog({ seed: 42, variations: 1000 });
    expect(a.itemCount).toBe(b.itemCount);
    for (const i of sample) {
      expect(b.variation(i)).toEqual(a.variation(i));
      expect(b.stock(i, 1)).toEqual(a.stock(i, 1));
    }
    for (let i = 0; i < 20; i++) {
      expect(b.item(i)).toEqual(a.item(i));
      expect(b.customer(i)).toEqual(a.customer(i));
      expect(b.order(i)).toEqual(a.order(i));
      expect(b.category(i)).toEqual(a.category(i));
    }
  });

  it('computes a record the same way whatever was generated before it', () => {
    const a = createCatalog({ seed: 7, variations: 5000 });
    const forward = [...a.variations(4000, 4100)];
    const b = createCatalog({ seed: 7, variations: 5000 });
    const backward = [];
    for (let i = 4099; i >= 4000; i--) backward.unshift(b.variation(i));
    expect(backward).toEqual(forward);
  });

  it('gives different data for a different seed', () => {
    const a = createCatalog({ seed: 42, variations: 1000 });
    const b = createCatalog({ seed: 43, variations: 1000 });
    const names = (c: typeof a) => sample.map((i) => c.variation(i).names.de).join('|');
    expect(names(b)).not.toBe(names(a));
    expect(b.variation(5).ean).not.toBe(a.variation(5).ean);
    expect(b.customer(0).email).not.toBe(a.customer(0).email);
  });

  it('accepts string seeds and keeps SKUs independent of the seed', () => {
    const a = createCatalog({ seed: 'shop-a', variations: 100 });
    expect(a.variation(42).sku).toBe('PG-0000042');
    expect(createCatalog({ seed: 'shop-a', variations: 100 }).variation(42)).toEqual(a.variation(42));
  });
});

describe('SKUs and ids', () => {
  const catalog = createCatalog({ seed: 1, variations: 20_000 });

  it('resolves every variation SKU back to its index', () => {
    for (let i = 0; i < catalog.variationCount; i += 37) {
      const v = catalog.variation(i);
      expect(catalog.variationIndexBySku(v.sku)).toBe(i);
      expect(v.variationId).toBe(1000 + i);
    }
    expect(parseVariationSku(variationSku(12_345_678))).toBe(12_345_678);
  });

  it('rejects SKUs that are not generated or out of range', () => {
    expect(catalog.variationIndexBySku('PG-42')).toBeUndefined();
    expect(catalog.variationIndexBySku('PG-00000042')).toBeUndefined();
    expect(catalog.variationIndexBySku('PG-0020000')).toBeUndefined();
    expect(catalog.variationIndexBySku('WS12-M-Orange')).toBeUndefined();
    expect(parseConfigurableSku('PG-0000001')).toBeUndefined();
  });

  it('resolves item SKUs: configurable parents and simple products', () => {
    for (let k = 0; k < 2000; k++) {
      const item = catalog.item(k);
      expect(catalog.itemIndexBySku(item.sku)).toBe(k);
      if (item.type === 'configurable') {
        expect(item.sku).toMatch(/^PGC-\d{7}$/);
        expect(catalog.itemIndexBySku(catalog.variation(item.firstVariationIndex).sku)).toBeUndefined();
      } else {
        expect(item.sku).toBe(catalog.variation(item.firstVariationIndex).sku);
      }
    }
  });
});

describe('barcodes, prices and weights', () => {
  const catalog = createCatalog({ seed: 3, variations: 10_000 });
  const all = [...catalog.variations()];

  it('gives valid, unique EAN-13 codes to almost every variation', () => {
    const codes = all.map((v) => v.ean).filter((e): e is string => e !== null);
    expect(codes.length).toBeGreaterThan(all.length * 0.9);
    expect(codes.length).toBeLessThan(all.length);
    for (const code of codes) expect(isValidEan13(code), code).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('4006381333932')).toBe(false);
  });

  it('has plausible prices, some special prices, weights and names in every language', () => {
    for (const v of all) {
      expect(v.price).toBeGreaterThan(0);
      expect(Number(v.price.toFixed(2))).toBe(v.price);
      if (v.specialPrice !== null) expect(v.specialPrice).toBeLessThan(v.price);
      expect(v.weightGrams).toBeGreaterThan(0);
      expect(v.names.de.length).toBeGreaterThan(0);
      expect(v.names.en).not.toBe(v.names.de);
      expect(v.updatedAt).toBeLessThanOrEqual(catalog.epoch);
      expect(v.updatedAt).toBeGreaterThanOrEqual(catalog.epoch - 30 * 86_400_000);
    }
    const specials = all.filter((v) => v.specialPrice !== null).length;
    expect(specials).toBeGreaterThan(all.length * 0.03);
    expect(specials).toBeLessThan(all.length * 0.3);
    expect(all.some((v) => !v.active)).toBe(true);
  });
});

describe('items and configurables', () => {
  const catalog = createCatalog({ seed: 42, variations: 4000 });

  it('partitions the variations into items of consecutive variations', () => {
    let next = 0;
    let configurables = 0;
    for (const item of catalog.items()) {
      expect(item.firstVariationIndex).toBe(next);
      next += item.variationCount;
      if (item.type === 'configurable') configurables++;
      for (let p = 0; p < item.variationCount; p++) {
        const v = catalog.variation(item.firstVariationIndex + p);
        expect(v.itemIndex).toBe(item.index);
        expect(v.itemId).toBe(item.itemId);
        expect(v.position).toBe(p);
        expect(v.isMain).toBe(p === 0);
        expect(catalog.itemIndexOfVariation(v.index)).toBe(item.index);
      }
    }
    expect(next).toBe(catalog.variationCount);
    expect(configurables / catalog.itemCount).toBeGreaterThan(0.15);
    expect(configurables / catalog.itemCount).toBeLessThan(0.45);
  });

  it('gives configurable children 2..6 distinct combinations of the configurable attributes', () => {
    let seen = 0;
    for (const item of catalog.items()) {
      if (item.type !== 'configurable') {
        expect(item.configurableAttributes).toEqual([]);
        expect(catalog.variation(item.firstVariationIndex).attributes).toEqual([]);
        continue;
      }
      seen++;
      expect(item.variationCount).toBeGreaterThanOrEqual(2);
      expect(item.variationCount).toBeLessThanOrEqual(6);
      expect(item.configurableAttributes.length).toBeGreaterThan(0);
      const combos = new Set<string>();
      for (let p = 0; p < item.variationCount; p++) {
        const v = catalog.variation(item.firstVariationIndex + p);
        expect(v.parentSku).toBe(item.sku);
        expect(v.attributes.map((a) => a.attribute)).toEqual(item.configurableAttributes);
        expect(v.names.de).toContain(item.texts.de.name);
        combos.add(v.attributes.map((a) => a.code).join('/'));
      }
      expect(combos.size).toBe(item.variationCount);
    }
    expect(seen).toBeGreaterThan(100);
  });

  it('has texts in de, en and fr with unique URL keys and leaf categories', () => {
    const keys = new Set<string>();
    for (const item of catalog.items(0, 1500)) {
      for (const lang of ['de', 'en', 'fr'] as const) {
        expect(item.texts[lang].name).not.toBe('');
        expect(item.texts[lang].description).toMatch(/^<p>/);
        expect(item.texts[lang].urlKey).toMatch(/^[a-z0-9-]+$/);
      }
      keys.add(item.texts.en.urlKey);
      for (const c of item.categoryIndexes) expect(catalog.category(c).level).toBe(4);
    }
    expect(keys.size).toBe(1500);
  });
});

describe('category tree', () => {
  it('has at least 300 categories (about sqrt(n) for large catalogs) on four levels, consistent parents and children', () => {
    for (const n of [10, 1000, 4_000_000]) {
      const catalog = createCatalog({ seed: 5, variations: n });
      expect(catalog.categoryCount).toBeGreaterThanOrEqual(Math.max(300, Math.sqrt(n) / 2));
      expect(catalog.categoryCount).toBeLessThanOrEqual(Math.max(500, Math.sqrt(n) * 2));
      const levels = new Set<number>();
      for (const cat of catalog.categories()) {
        levels.add(cat.level);
        if (cat.parentIndex === null) {
          expect(cat.level).toBe(1);
        } else {
          const parent = catalog.category(cat.parentIndex);
          expect(parent.level).toBe(cat.level - 1);
          expect(parent.childIndexes).toContain(cat.index);
          expect(cat.parentCategoryId).toBe(parent.categoryId);
        }
        expect(cat.names.de).not.toBe('');
        expect(catalog.categoryPath(cat.index)).toHaveLength(cat.level);
      }
      expect([...levels].sort()).toEqual([1, 2, 3, 4]);
    }
  });
});

describe('warehouses, stock and MSI sources', () => {
  const catalog = createCatalog({ seed: 9, variations: 2000 });

  it('has two sales warehouses, one storage warehouse and a source per sales warehouse', () => {
    expect(WAREHOUSES.filter((w) => w.typeId === 0)).toHaveLength(2);
    expect(WAREHOUSES.filter((w) => w.typeId === 4)).toHaveLength(1);
    expect(MSI_SOURCES.map((s) => s.sourceCode)).toContain('default');
    for (const w of WAREHOUSES.filter((x) => x.typeId === 0)) {
      expect(MSI_SOURCES.some((s) => s.warehouseId === w.warehouseId)).toBe(true);
    }
  });

  it('keeps stockNet = physical - reserved and mirrors it in source items (with a little drift)', () => {
    let drift = 0;
    let outOfStock = 0;
    for (let i = 0; i < catalog.variationCount; i++) {
      for (const w of catalog.warehouses) {
        const s = catalog.stock(i, w.warehouseId);
        expect(s.stockNet).toBe(s.stockPhysical - s.reservedStock);
        expect(s.reservedStock).toBeGreaterThanOrEqual(0);
        expect(s.variationId).toBe(1000 + i);
        if (s.stockPhysical === 0) outOfStock++;
      }
      const berlin = catalog.sourceItem(i, 'berlin');
      expect(berlin.sku).toBe(catalog.variation(i).sku);
      expect(berlin.status).toBe(berlin.quantity > 0 ? 1 : 0);
      if (berlin.quantity !== catalog.stock(i, 1).stockNet) drift++;
      expect(catalog.sourceItem(i, 'default').quantity).toBe(0);
    }
    expect(drift).toBeGreaterThan(0);
    expect(drift).toBeLessThan(catalog.variationCount * 0.1);
    expect(outOfStock).toBeGreaterThan(0);
    expect(() => catalog.stock(0, 99)).toThrow(RangeError);
  });
});

describe('customers and orders', () => {
  const catalog = createCatalog({ seed: 11, variations: 1000 });

  it('has customers with addresses that resolve by e-mail', () => {
    expect(catalog.customerCount).toBe(100);
    for (const c of catalog.customers()) {
      expect(c.email).toMatch(/^[a-z0-9.-]+@example\.com$/);
      expect(catalog.customerIndexByEmail(c.email)).toBe(c.index);
      expect(c.addresses.length).toBeGreaterThan(0);
      expect(c.addresses[c.defaultBilling]).toBeDefined();
    }
    expect(catalog.customerIndexByEmail('nobody.5@example.com')).toBeUndefined();
  });

  it('has orders whose lines reference generated SKUs and whose totals add up', () => {
    expect(catalog.orderCount).toBe(50);
    for (const o of catalog.orders()) {
      expect(o.incrementId).toBe(String(o.index + 1).padStart(9, '0'));
      expect(catalog.orderIndexByIncrementId(o.incrementId)).toBe(o.index);
      expect(o.lines.length).toBeGreaterThan(0);
      for (const line of o.lines) {
        const v = catalog.variation(catalog.variationIndexBySku(line.sku) as number);
        expect(line.parentSku).toBe(v.parentSku);
        expect(line.rowTotalInclTax).toBeCloseTo(line.priceInclTax * line.qty, 2);
      }
      const sum = o.lines.reduce((s, l) => s + l.rowTotalInclTax, 0);
      expect(o.subtotalInclTax).toBeCloseTo(sum, 2);
      expect(o.grandTotal).toBeCloseTo(o.subtotalInclTax + o.shippingInclTax, 2);
      if (o.customerIndex !== null) expect(o.email).toBe(catalog.customer(o.customerIndex).email);
    }
  });
});

describe('size limits', () => {
  it('builds 10 and 1,000,000 variation catalogs and rejects nonsense', () => {
    const tiny = createCatalog({ seed: 1, variations: 10 });
    expect([...tiny.variations()]).toHaveLength(10);
    const huge = createCatalog({ seed: 1, variations: 1_000_000 });
    expect(huge.variation(999_999).sku).toBe('PG-0999999');
    expect(huge.item(huge.itemCount - 1).firstVariationIndex + huge.item(huge.itemCount - 1).variationCount).toBe(1_000_000);
    expect(() => huge.variation(1_000_000)).toThrow(RangeError);
    expect(() => createCatalog({ seed: 1, variations: 0 })).toThrow(RangeError);
    expect(() => createCatalog({ seed: 1, variations: 1.5 })).toThrow(RangeError);
  });

  it('iterates 100,000 variations with flat memory', () => {
    const catalog = createCatalog({ seed: 42, variations: 100_000 });
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let checksum = 0;
    let n = 0;
    for (const v of catalog.variations()) {
      checksum += v.price;
      n++;
      if (n % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    for (const o of catalog.orders()) checksum += o.grandTotal;
    expect(n).toBe(100_000);
    expect(checksum).toBeGreaterThan(0);
    // Holding 100,000 variations would take several hundred MB; garbage awaiting collection stays far below.
    expect(peak - before).toBeLessThan(96 * 1024 * 1024);
  });
});
