/**
 * `plentygate link:*` as a merchant migrating a shop uses it: both catalogues already have the same
 * category tree (the sandboxes' seeded trees), `link:match` pairs them by path, `--apply` stores the
 * links, `link:list` shows them, `link:unmap` / `link:map` fix one by hand, and bad input says what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServedApp } from '../../src/sandbox/common/serve.js';
import { createCatalog } from '../../src/sandbox/generator/index.js';
import { createMagentoSandbox, type MagentoSandbox } from '../../src/sandbox/magento/index.js';
import { createPlentySandbox, type PlentySandbox } from '../../src/sandbox/plenty/index.js';
import { cliEnvironment } from './cli.js';

const slow = { timeout: 60_000 };
type Match = { matched: { magentoId: number; plentyId: number; path: string }[]; unmatchedMagento: { id: number; path: string }[]; unmatchedPlenty: unknown[]; alreadyLinked: number };

describe('link commands', () => {
  let cli: Awaited<ReturnType<typeof cliEnvironment>>;
  let plenty: PlentySandbox;
  let magento: MagentoSandbox;
  let servers: ServedApp[];

  beforeAll(async () => {
    const catalog = createCatalog({ seed: 42, variations: 200 });
    plenty = createPlentySandbox({ plan: 'plus', catalog });
    magento = createMagentoSandbox({ catalog });
    servers = [await serve(plenty.app), await serve(magento.app)];
    cli = await cliEnvironment();
    const set = await cli.run(['credential:set', '--name', 'plenty', '--kind', 'plenty', '--url', servers[0]!.url, '--username', 'sandbox', '--stdin'], {}, 'sandbox\n');
    expect(set.code, set.stderr).toBe(0);
    expect((await cli.run(['credential:set', '--name', 'magento', '--kind', 'magento', '--url', servers[1]!.url, '--stdin'], {}, 'sandbox\n')).code).toBe(0);
    const config = {
      typeId: 'plenty_category_export', name: 'Category export', schedules: [],
      config: { storeMapping: [{ storeView: 'default', plentyId: 1000, language: 'en' }, { storeView: 'de', plentyId: 1000, language: 'de' }], rootMapping: [{ magentoRootId: 2 }] },
    };
    const imported = await cli.run(['profile:config:import', '--file', '-'], {}, JSON.stringify(config));
    expect(imported.code, imported.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await cli?.cleanup();
    for (const s of servers ?? []) await s.close();
  });

  it('link:match proposes a pair for every category of two equal trees, and --apply links them', slow, async () => {
    // One category only Magento has: reported as not matched.
    const extra = await magento.store.categories.create({ name: 'Magento only', parentId: 2 });
    const proposed = await cli.run(['link:match', '--entity', 'category', '--by', 'path', '--json']);
    expect(proposed.code, proposed.stderr).toBe(0);
    const match = JSON.parse(proposed.stdout) as Match;
    const total = magento.store.categories.list().filter((c) => c.path.startsWith('1/2/')).length;
    expect(match.matched).toHaveLength(total - 1);
    expect(match.unmatchedMagento).toEqual([{ id: extra.id, path: 'Magento only' }]);
    // Same path, same PlentyONE name: the seeded trees share their structure.
    const sample = match.matched.find((m) => m.path.split('/').length === 4)!;
    const plentyName = plenty.stores.categories.get(sample.plentyId)!.details.find((d) => d.lang === 'en')!.name;
    expect(sample.path.endsWith(`/${plentyName}`)).toBe(true);
    expect(JSON.parse((await cli.run(['link:list', '--entity', 'category', '--json'])).stdout)).toEqual([]);

    const text = await cli.run(['link:match', '--entity', 'category', '--apply']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${total - 1} pair(s) linked`);
    expect(text.stdout).toContain(`${extra.id}  Magento only`);
    const listed = JSON.parse((await cli.run(['link:list', '--entity', 'category', '--json'])).stdout) as { magentoKey: string; plentyId: string }[];
    expect(listed).toHaveLength(total - 1);
    expect(listed).toContainEqual(expect.objectContaining({ magentoKey: String(sample.magentoId), plentyId: String(sample.plentyId) }));
    const again = JSON.parse((await cli.run(['link:match', '--entity', 'category', '--json'])).stdout) as Match;
    expect(again).toMatchObject({ matched: [], alreadyLinked: total - 1 });
  });

  it('link:unmap and link:map fix one link; a PlentyONE id linked elsewhere is refused with what to do', slow, async () => {
    const [first, second] = JSON.parse((await cli.run(['link:list', '--entity', 'category', '--limit', '2', '--json'])).stdout) as { magentoKey: string; plentyId: string }[];
    const refused = await cli.run(['link:map', '--entity', 'category', '--magento', first!.magentoKey, '--plenty', second!.plentyId]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`already linked to Magento ${second!.magentoKey}: unmap that link first`);
    expect((await cli.run(['link:unmap', '--entity', 'category', '--plenty', second!.plentyId])).code).toBe(0);
    expect((await cli.run(['link:map', '--entity', 'category', '--magento', first!.magentoKey, '--plenty', second!.plentyId])).code).toBe(0);
    const one = JSON.parse((await cli.run(['link:list', '--entity', 'category', '--magento', first!.magentoKey, '--json'])).stdout) as { plentyId: string }[];
    expect(one).toEqual([expect.objectContaining({ plentyId: second!.plentyId })]);
  });

  it('link:map --create-root creates the PlentyONE category of a Magento root and maps it for the export', slow, async () => {
    const created = await cli.run(['link:map', '--entity', 'category', '--magento', '2', '--create-root', '--name', 'Webshop', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { plentyCategoryId } = JSON.parse(created.stdout) as { plentyCategoryId: number };
    const category = plenty.stores.categories.get(plentyCategoryId)!;
    expect(category).toMatchObject({ parentCategoryId: null, clients: [1000] });
    expect(category.details.map((d) => [d.lang, d.name]).sort()).toEqual([['de', 'Webshop'], ['en', 'Webshop']]);
    const info = JSON.parse((await cli.run(['profile:config:export', '--type', 'plenty_category_export'])).stdout) as { config: { rootMapping: unknown } };
    expect(info.config.rootMapping).toEqual([{ magentoRootId: 2, plentyCategoryId }]);
    const twice = await cli.run(['link:map', '--entity', 'category', '--magento', '2', '--create-root']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('already mapped');
  });

  it('refuses an unknown entity and a match of other entities, saying what is possible', async () => {
    const unknown = await cli.run(['link:list', '--entity', 'categories']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('use one of category, item, variation, attribute, attribute_value, order, contact');
    const items = await cli.run(['link:match', '--entity', 'item']);
    expect(items.code).toBe(2);
    expect(items.stderr).toContain('link:match matches categories');
  });
});
