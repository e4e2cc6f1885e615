/**
 * The item export with a mapping: a JSONata expression fills the model, a per-language row the German
 * name, a rule keeps one SKU back; the dry run shows the diffs and writes nothing, the run writes them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectors, type Connectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { createLinkStore } from '../../src/profiles/links.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { itemExportType } from '../../src/profiles/types/plenty_item_export/index.js';
import { serve, type ServedApp } from '../../src/sandbox/common/serve.js';
import { createCatalog, type Catalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox } from '../../src/sandbox/plenty/index.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { insertProfile, silentLog } from '../profiles/support/memory-type.js';
import { itemExportConfig, linkReferences } from '../profiles/support/item-export-setup.js';
import { dryRunService } from './support.js';

const mapping = {
  fields: [
    { target: 'base.model', expression: '"MODEL-" & $uppercase(sku)' },
    { target: 'name', language: 'de', expression: '"DE: " & name' },
  ],
  rules: [{ name: 'kept back', if: { source: 'sku', matches: '0000001$' }, then: [{ skip: 'This SKU is sold in Magento only.' }] }],
};

describe(`item export mapping on ${engine}`, () => {
  let db: TestDatabase;
  let plenty: ServedApp;
  let magento: ServedApp;
  let connectors: Connectors;
  let catalog: Catalog;
  let profileId: number;
  const registry = new ProfileRegistry([itemExportType]);
  let service: ReturnType<typeof dryRunService>;

  beforeAll(async () => {
    db = await createTestDatabase();
    catalog = createCatalog({ seed: 42, variations: 6 });
    plenty = await serve(createPlentySandbox({ plan: 'plus' }).app);
    magento = await serve(createMagentoSandbox({ catalog }).app);
    const box = new SecretBox(randomBytes(32));
    const credentials = createCredentialStore(db.db, box);
    await credentials.set('plenty', { kind: 'plenty', baseUrl: plenty.url, username: 'sandbox', password: 'sandbox' });
    await credentials.set('magento', { kind: 'magento', baseUrl: magento.url, auth: { type: 'bearer', token: 'sandbox' } });
    connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `item-mapping-${randomBytes(4).toString('hex')}:` });
    await linkReferences(createLinkStore(db.db), catalog, plenty.url);
    profileId = (await insertProfile(db.db, 'plenty_item_export', { ...itemExportConfig, collection: { mode: 'full' }, mapping }, 'configured')).id;
    service = dryRunService(db.db, registry, { connectors });
  }, 60_000);
  afterAll(async () => {
    await connectors?.close();
    await plenty?.close();
    await magento?.close();
    await db?.destroy();
  });

  const requests = async () => ((await (await fetch(`${plenty.url}/_sandbox/requests`)).json()) as { byRoute: Record<string, number> }).byRoute;
  const writes = async () => Object.fromEntries(Object.entries(await requests()).filter(([route]) => !route.startsWith('GET ') && !route.includes('/login')));
  const variation = async (sku: string) => {
    const c = await connectors.plenty('plenty');
    const page = await c.request('GET', '/rest/items/variations', { query: { numberExact: sku } }) as { entries: { id: number; itemId: number; model?: string }[] };
    return page.entries[0];
  };

  it('a dry run lists creates with the mapped fields and the kept-back SKU as skipped, writing nothing', async () => {
    const before = await writes();
    const report = await service.dryRun(profileId, { mode: 'full' }, 20);
    expect(report.error).toBeUndefined();
    expect(await writes()).toEqual(before);
    const skipped = report.records.filter((r) => r.action === 'skip' && r.reason === 'This SKU is sold in Magento only.');
    expect(skipped.map((r) => r.key)).toEqual([expect.stringMatching(/0000001$/)]);
    const creates = report.records.filter((r) => r.action === 'create');
    expect(creates.length).toBeGreaterThan(0);
    for (const record of creates) {
      expect(record.diff).toContainEqual({ field: expect.stringMatching(/^variations\..+\.model$/), after: expect.stringMatching(/^MODEL-PG-/) });
      expect(record.diff).toContainEqual({ field: 'texts.de.name', after: expect.stringMatching(/^DE: /) });
    }
  });

  it('the run writes the mapped model and German name and leaves the kept-back SKU out', async () => {
    const result = await executeRun({ db: db.db, registry, log: silentLog, services: { connectors } }, { profileId, trigger: 'manual', input: { mode: 'full' } });
    expect(result.failed).toBe(0);
    expect(result.created).toBeGreaterThan(0);
    const report = await service.dryRun(profileId, { mode: 'full' }, 20);
    const exported = report.records.find((r) => r.action !== 'skip')!;
    expect(exported.targetId).toBeDefined();
    const sku = exported.key;
    const found = await variation(sku);
    expect(found?.model).toMatch(/^MODEL-PG-/);
    const c = await connectors.plenty('plenty');
    const texts = await c.request('GET', '/rest/items/{id}/variations/{variationId}/descriptions', { path: { id: found!.itemId, variationId: found!.id } }) as { lang: string; name: string }[];
    expect(texts.find((t) => t.lang === 'de')?.name).toMatch(/^DE: /);
    // The SKU the rule keeps back is not in PlentyONE.
    const kept = report.records.find((r) => r.action === 'skip')!.key;
    expect(await variation(kept)).toBeUndefined();
    // After the run, the dry run finds nothing left to write in the mapped fields.
    expect(exported.diff.filter((d) => d.field.endsWith('.model') || d.field === 'texts.de.name')).toEqual([]);
  });
});
