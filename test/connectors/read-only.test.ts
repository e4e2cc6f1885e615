/**
 * Read-only clients (connectors/read-only.ts), what every dry run talks through: a call that would
 * change PlentyONE or Magento is refused before it is sent, with the route it tried; reads, logins and
 * the reads Magento answers through POST go out. A dry run of a profile whose transform tries a write
 * fails that record with the reason, and the sandbox receives nothing.
 */
import { randomBytes } from 'node:crypto';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { searchCriteria } from '../../src/connectors/magento/index.js';
import { createConnectors, connectorsOf, type Connectors } from '../../src/connectors/services.js';
import { WriteRefused } from '../../src/connectors/read-only.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import type { AnyProfileType } from '../../src/profiles/profile-type.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { dryRunService } from '../mapping/support.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { insertProfile } from '../profiles/support/memory-type.js';
import { startMagentoHarness, type MagentoHarness } from './magento-support.js';
import { startPlentySandbox, type ServedSandbox } from './plenty-support.js';

describe(`read-only clients on ${engine}`, () => {
  let db: TestDatabase;
  let plenty: ServedSandbox;
  let magento: MagentoHarness;
  let connectors: Connectors;

  beforeAll(async () => {
    db = await createTestDatabase();
    plenty = await startPlentySandbox({ plan: 'plus' });
    magento = await startMagentoHarness({ variations: 20, orders: 2 });
    const box = new SecretBox(randomBytes(32));
    const credentials = createCredentialStore(db.db, box);
    await credentials.set('plenty', { kind: 'plenty', baseUrl: plenty.url, username: 'sandbox', password: 'sandbox' });
    await credentials.set('magento', { kind: 'magento', baseUrl: magento.url, auth: { type: 'bearer', token: 'sandbox' } });
    connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `read-only-${randomBytes(4).toString('hex')}:` });
  }, 60_000);
  afterAll(async () => {
    await connectors?.close();
    await plenty?.close();
    await magento?.close();
    await db?.destroy();
  });

  it('refuses PlentyONE writes before sending them; reads and the login go out', async () => {
    const client = await connectors.readOnly!().plenty('plenty');
    expect((await client.warehouses()).length).toBeGreaterThan(0);
    const before = plenty.calls('POST', '/rest/items');
    const attempt = client.request('POST', '/rest/items', { body: { variations: [] } });
    await expect(attempt).rejects.toBeInstanceOf(WriteRefused);
    await expect(attempt).rejects.toThrow('A dry run writes nothing: POST /rest/items was not sent to PlentyONE');
    expect(plenty.calls('POST', '/rest/items')).toBe(before);
    // The connectors the read-only ones came from still write.
    expect(await (await connectors.plenty('plenty')).items.attributes.create({ backendName: 'ReadOnlyCheck' })).toMatchObject({ backendName: 'ReadOnlyCheck' });
  });

  it('refuses Magento REST writes and GraphQL mutations; reads, POST reads and queries go out', async () => {
    const client = await connectors.readOnly!().magento('magento');
    await magento.resetRequests();
    const [product] = (await client.products.search(searchCriteria().pageSize(1), { store: 'all' })).items;
    await expect(client.products.save({ sku: product!.sku, name: 'Renamed' }, { store: 'all' })).rejects.toThrow(`A dry run writes nothing: POST /V1/products was not sent to Magento`);
    expect(await client.prices.base([product!.sku])).toEqual(expect.any(Array));
    const mutation = parse('mutation CreateCart { createEmptyCart }') as TypedDocumentNode<{ createEmptyCart: string }, Record<string, never>>;
    await expect(client.graphql.request(mutation)).rejects.toThrow('A dry run writes nothing: graphql mutation CreateCart was not sent to Magento');
    const sent = Object.keys(await magento.requests());
    expect(sent.filter((route) => !route.startsWith('GET '))).toEqual(['POST /rest/:storeCode/V1/products/base-prices-information']);
  });

  it('a dry run talks through them: a transform that tries a write fails its record with the reason, and Magento receives nothing', async () => {
    const writer: AnyProfileType = {
      id: 'write_in_transform', name: 'writes while transforming', entity: 'product', direction: 'plenty_to_magento',
      configSchema: z.object({}).passthrough(), triggers: [], defaultBatchSize: 10,
      stages: {
        async *collect() { yield { key: 'PG-1', raw: 'PG-1' }; },
        async transform(raw: string, ctx) {
          await (await connectorsOf(ctx).magento('magento')).products.save({ sku: raw, name: 'Written by a dry run' }, { store: 'all' });
          return raw;
        },
        async process() { return []; },
        async preview(batch) { return batch.map(({ key }) => ({ key, action: 'update' as const, diff: [] })); },
      },
    };
    const profileId = (await insertProfile(db.db, writer.id, {})).id;
    await magento.resetRequests();
    const report = await dryRunService(db.db, new ProfileRegistry([writer]), { connectors }).dryRun(profileId, { mode: 'full' }, 10);
    expect(report.records).toEqual([expect.objectContaining({ key: 'PG-1', action: 'fail', reason: expect.stringContaining('A dry run writes nothing: POST /V1/products was not sent to Magento') })]);
    expect(Object.keys(await magento.requests()).filter((route) => !route.startsWith('GET '))).toEqual([]);
  });
});
