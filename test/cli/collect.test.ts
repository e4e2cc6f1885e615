import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { cliEnvironment } from './cli.js';

describe('plentygate collect', () => {
  let cli: Awaited<ReturnType<typeof cliEnvironment>>;
  let sandboxes: StartedSandboxes;
  beforeAll(async () => {
    cli = await cliEnvironment();
    sandboxes = await startSandboxes({ seed: 3, variations: 50 });
  }, 120_000);
  afterAll(async () => {
    await sandboxes?.close();
    await cli?.cleanup();
  });

  it('reads the values to pick from in both systems through the profile\'s credentials', async () => {
    const plenty = sandboxes.plenty.sandbox.credentials;
    expect((await cli.run(['credential:set', '--name', 'plenty', '--kind', 'plenty', '--url', sandboxes.plenty.url, '--username', plenty.username, '--stdin'], {}, plenty.password)).code).toBe(0);
    expect((await cli.run(['credential:set', '--name', 'magento', '--kind', 'magento', '--url', sandboxes.magento.url, '--stdin'], {}, sandboxes.magento.sandbox.token)).code).toBe(0);
    const result = await cli.run(['collect', '--type', 'plenty_stock_import', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout) as { lists: { key: string; options: { value: string }[]; error?: string }[] };
    const values = Object.fromEntries(data.lists.map((l) => [l.key, l.options.map((o) => o.value)]));
    expect(values.warehouses).toEqual(expect.arrayContaining(['1', '2', '3']));
    expect(values.sources).toEqual(expect.arrayContaining(['berlin', 'vienna']));
    expect(Object.keys(values)).toEqual([
      'statuses', 'paymentMethods', 'shippingProfiles', 'referrers', 'warehouses', 'clients', 'languages', 'salesPrices', 'properties',
      'attributes', 'storeViews', 'sources', 'carriers',
    ]);
    expect(data.lists.filter((l) => l.error)).toEqual([]);
    expect(values.statuses).toEqual(expect.arrayContaining(['1', '5', '7']));
    expect(values.shippingProfiles).toEqual(expect.arrayContaining(['6', '7', '8']));
    expect(values.carriers).toEqual(expect.arrayContaining(['1', '2']));
    expect(values.salesPrices!.length).toBeGreaterThan(0);
    expect(values.properties).toEqual(expect.arrayContaining(['1', '4']));
    expect(values.attributes!.length).toBeGreaterThan(0);
    expect(values.languages).toEqual(expect.arrayContaining(['de', 'en']));
    const text = await cli.run(['collect', '--type', 'plenty_stock_import']);
    expect(text.stdout).toContain('PlentyONE warehouses');
    expect(text.stdout).toContain('vienna');
  }, 120_000);

  it('says which lists it could not read, and fails', async () => {
    expect((await cli.run(['credential:delete', '--name', 'magento'])).code).toBe(0);
    const result = await cli.run(['collect', '--type', 'plenty_stock_import']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Magento store views: not read: .*magento/);
    expect(result.stdout).toContain('PlentyONE warehouses\n');
  }, 120_000);
});
