/** plenty_item_import dry runs: each item as created, updated with Magento's values before, or unchanged; nothing written to either system. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { itemImportType } from '../../src/profiles/types/plenty_item_import/index.js';
import type { Item } from '../../src/sandbox/generator/index.js';
import { engine } from '../support/db.js';
import { bothSandboxWrites, dryRunService } from '../mapping/support.js';
import { itemImportWorld, type ItemImportWorld } from './item-import-world.js';

describe(`item import dry run on ${engine}`, () => {
  let w: ItemImportWorld;
  let service: ReturnType<typeof dryRunService>;
  let simple: Item;
  let other: Item;
  let configurable: Item;
  const variationOf = (item: Item) => w.catalog.variation(item.firstVariationIndex);
  const product = (sku: string) => w.magento.store.products.getBySku(sku);
  const ids = (...items: Item[]) => ({ mode: 'ids' as const, ids: items.map((i) => String(i.itemId)) });
  const writes = () => bothSandboxWrites({ magento: w.magentoUrl, plenty: w.plentyUrl });

  beforeAll(async () => {
    w = await itemImportWorld({ variations: 40 });
    service = dryRunService(w.db.db, new ProfileRegistry([itemImportType]), { connectors: w.connectors });
    [simple, other] = [...w.catalog.items()].filter((i) => i.type === 'simple' && variationOf(i).active) as [Item, Item];
    configurable = [...w.catalog.items()].find((i) => i.type === 'configurable' && i.variationCount >= 2)!;
  }, 60_000);
  afterAll(() => w?.close());

  it('before the first import shows each item as created, with the values it would get, and writes nothing', async () => {
    const written = await writes();
    const report = await service.dryRun(w.profileId, ids(simple, configurable), 10);

    expect(report.error).toBeUndefined();
    expect(report.preview).toBe(true);
    const sku = variationOf(simple).sku;
    const record = report.records.find((r) => r.key.includes(String(simple.itemId)))!;
    expect(record).toMatchObject({ action: 'create' });
    const fields = new Map(record.diff.map((d) => [d.field, d]));
    expect(fields.get(`${sku}.sku`)).toEqual({ field: `${sku}.sku`, after: sku });
    expect(fields.get(`${sku}.price`)?.after).toEqual(expect.any(Number));
    expect(fields.get(`${sku}.type_id`)?.after).toBe('simple');
    // A configurable: the parent and each child, under its own SKU.
    const parent = report.records.find((r) => r.key.includes(String(configurable.itemId)))!;
    const childSku = w.catalog.variation(configurable.firstVariationIndex + 1).sku;
    expect(parent).toMatchObject({ action: 'create' });
    expect(parent.diff).toEqual(expect.arrayContaining([
      { field: `item-${configurable.itemId}.type_id`, after: 'configurable' },
      { field: `${childSku}.sku`, after: childSku },
    ]));
    expect(report.counts).toMatchObject({ create: 2 });
    expect(await writes()).toEqual(written);
    expect(product(sku)).toBeUndefined();
    expect(await w.links.get('variation', sku)).toBeUndefined();
  }, 60_000);

  it('after an import shows a changed price as an update from Magento\'s price, an untouched item as unchanged, and a run still writes it', async () => {
    expect(await w.run(ids(simple, other))).toMatchObject({ status: 'completed', failed: 0, created: 2 });
    const sku = variationOf(simple).sku;
    const before = product(sku)!.price;
    const items = w.plenty.stores.items;
    const v = items.copyVariation(items.variation(variationOf(simple).variationId)!);
    const now = items.now();
    v.prices = v.prices.map((p) => (p.salesPriceId === 1 ? { ...p, price: before + 10, updatedAtMs: now } : p));
    items.saveRelated(v);
    const written = await writes();

    const report = await service.dryRun(w.profileId, ids(simple, other), 10);

    const byItem = (item: Item) => report.records.find((r) => r.key.includes(String(item.itemId)))!;
    expect(byItem(simple)).toMatchObject({
      action: 'update', targetId: String(product(sku)!.id), reason: 'Changed since the last import: global values.',
      diff: [{ field: `${sku}.price`, before, after: before + 10 }],
    });
    expect(byItem(other)).toMatchObject({ action: 'unchanged', reason: 'Unchanged since the last import.' });
    expect(report.counts).toMatchObject({ update: 1, unchanged: 1, create: 0 });
    expect(await writes()).toEqual(written);
    expect(product(sku)!.price).toBe(before);

    expect(await w.run(ids(simple))).toMatchObject({ updated: 1 });
    expect(product(sku)!.price).toBe(before + 10);
  }, 60_000);

  it('shows a changed store-view text beside what that store view shows, and a run writes it', async () => {
    const sku = variationOf(simple).sku;
    const items = w.plenty.stores.items;
    const it = items.copyItem(items.item(simple.itemId)!);
    const de = it.texts.find((t) => t.lang === 'de')!;
    const before = de.name;
    de.name = `${before} (neu)`;
    items.saveItem(it);
    const written = await writes();

    const report = await service.dryRun(w.profileId, ids(simple), 10);

    expect(report.records[0]).toMatchObject({ action: 'update', reason: 'Changed since the last import: store-view values.' });
    expect(report.records[0]!.diff).toContainEqual({ field: `${sku}.stores.de.name`, before, after: `${before} (neu)` });
    expect(await writes()).toEqual(written);
    expect(await w.run(ids(simple))).toMatchObject({ updated: 1 });
    const again = await service.dryRun(w.profileId, ids(simple), 10);
    expect(again.records[0]).toMatchObject({ action: 'unchanged' });
  }, 60_000);

  it('shows an item PlentyONE no longer has as the product deletions.mode would disable, and leaves it enabled', async () => {
    const sku = variationOf(other).sku;
    w.plenty.stores.items.deleteItem(other.itemId);
    const written = await writes();

    const report = await service.dryRun(w.profileId, ids(other), 10);

    expect(report.records).toEqual([expect.objectContaining({
      action: 'update', reason: `PlentyONE no longer has it: ${sku} would be disabled.`, diff: [{ field: `${sku}.status`, after: 2 }],
    })]);
    expect(await writes()).toEqual(written);
    expect(product(sku)!.status).toBe(1);
  }, 60_000);
});
