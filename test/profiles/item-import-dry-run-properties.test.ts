/**
 * plenty_item_import dry runs with `properties.map`: an item whose selection property has a value
 * Magento has no option for yet, which a run creates (`properties.createOptions`, on by default). The
 * transform stage resolves selections to options (properties.ts → magento-options.ts); in a dry run it
 * plans the option instead of creating it, and the preview names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import type { DryRunReport } from '../../src/mapping/dry-run.js';
import { itemImportType } from '../../src/profiles/types/plenty_item_import/index.js';
import { engine } from '../support/db.js';
import { bothSandboxWrites, dryRunService } from '../mapping/support.js';
import { itemImportConfig, itemImportWorld, type ItemImportWorld } from './item-import-world.js';

// The sandbox's item property 2 "Care instructions" is a selection ("Hand wash", "Machine wash").
const CARE = 2;
const config = { ...itemImportConfig, images: { enabled: false }, properties: { map: [{ propertyId: CARE, attribute: 'care' }] } };

describe(`item import dry run with a selection property on ${engine}`, () => {
  let w: ItemImportWorld;
  let report: DryRunReport;
  let written: { before: Awaited<ReturnType<typeof bothSandboxWrites>>; after: Awaited<ReturnType<typeof bothSandboxWrites>> };
  const careOptions = () => w.magento.store.attributes.find((x) => x.code === 'care')!.options;

  beforeAll(async () => {
    w = await itemImportWorld({
      variations: 20, config,
      magentoFeed: (feed) => ({ ...feed, attributes: [...feed.attributes, { attributeId: 902, code: 'care', label: 'Care', frontendInput: 'select', options: [] }] }),
    });
    const item = [...w.catalog.items()].find((i) => i.type === 'simple' && i.variationCount === 1 && w.catalog.variation(i.firstVariationIndex).active)!;
    const relations = w.plenty.stores.propertyRelations;
    const hand = relations.selectionsOf(CARE).find((s) => s.names.some((n) => n.name === 'Hand wash'))!.id;
    relations.create({ propertyId: CARE, type: 'item', targetId: w.catalog.variation(item.firstVariationIndex).variationId, value: null, values: [], selectionIds: [hand] });
    const urls = { magento: w.magentoUrl, plenty: w.plentyUrl };
    const before = await bothSandboxWrites(urls);
    const service = dryRunService(w.db.db, new ProfileRegistry([itemImportType]), { connectors: w.connectors });
    report = await service.dryRun(w.profileId, { mode: 'ids', ids: [String(item.itemId)] }, 10);
    written = { before, after: await bothSandboxWrites(urls) };
  }, 120_000);
  afterAll(() => w?.close());

  it('shows the item as created, with the option it would create first', () => {
    expect(report.error).toBeUndefined();
    expect(report.records).toEqual([expect.objectContaining({ action: 'create', reason: 'Would first create in Magento: option "Hand wash" of attribute "care".' })]);
    expect(report.records[0]!.diff).toContainEqual({ field: expect.stringMatching(/\.custom_attributes\.care$/), after: '(new option "Hand wash" of attribute "care")' });
  });

  it('creates no Magento option', () => {
    expect(written.after).toEqual(written.before);
    expect(careOptions()).toEqual([]);
  });
});
