/**
 * The category import driven by PlentyONE's category callbacks through a running gateway: a category
 * renamed through PlentyONE's REST API reaches the gateway as a signed `category.updated` callback,
 * and the active category import brings it (with its ancestors not in Magento yet) below the mapped
 * Magento root; a second rename updates that same Magento category, and a move to another parent moves
 * it there. One serve process on the engines
 * the environment names (PostgreSQL + Redis when set, else the embedded default).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/free-port.js';
import { startSandboxes, type StartedSandboxes } from '../../src/sandbox/start.js';
import { serveOnEngines } from '../e2e/serve-on-engines.js';
import { waitFor } from '../queue/helpers.js';
import { redisMissing } from '../support/redis-required.js';
import { storeMapping } from './category-support.js';
import { plentyRest } from './support/plenty-rest.js';

const withRedis = Boolean(process.env.REDIS_URL) && !redisMissing;

describe('category import on PlentyONE category callbacks (one serve process)', () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  let sandboxes: StartedSandboxes;
  let root = 0;
  let plenty: Awaited<ReturnType<typeof plentyRest>>;
  const magento = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${sandboxes.magento.url}/rest${path}`, {
      method: init.method ?? 'GET', headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  /** Magento categories below the mapped root with this name in the store view, as the admin lists them. */
  const below = async (store: string, name: string) => {
    const q = `searchCriteria[filterGroups][0][filters][0][field]=name&searchCriteria[filterGroups][0][filters][0][value]=${encodeURIComponent(name)}`;
    const { items } = (await magento(`/${store}/V1/categories/list?${q}`)) as { items: { id: number; path: string; level: number }[] };
    return items.filter((c) => c.path.startsWith(`1/${root}/`));
  };

  beforeAll(async () => {
    const port = await freePort();
    const signKey = randomBytes(32).toString('hex');
    sandboxes = await startSandboxes({ variations: 20, customers: 0, orders: 0, plentyWebhookUrl: `http://127.0.0.1:${port}/webhooks/plenty`, plentyWebhookSignKey: signKey });
    cleanup.push(() => sandboxes.close());
    const serve = await serveOnEngines({ sandboxes, port, env: { PLENTY_WEBHOOK_SIGN_KEY: signKey, PLENTYGATE_DEBOUNCE_MS: '0' }, redis: withRedis, cleanup });
    root = (await magento('/all/V1/categories', { method: 'POST', body: { category: { parent_id: 1, name: 'PlentyONE catalogue', is_active: true } } })).id as number;
    const { service } = serve.runtime;
    // Pre-installed, inactive until configured.
    const profile = (await service.list()).find((p) => p.typeId === 'plenty_category_import')!;
    const configured = await service.updateConfig(profile.id, { storeMapping, rootMapping: [{ magentoRootId: root }] });
    expect(configured.missing).toEqual([]);
    await service.test(profile.id);
    expect((await service.enable(profile.id)).status).toBe('active');
    plenty = await plentyRest(sandboxes.plenty.url);
  }, 120_000);

  afterAll(async () => {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
  }, 60_000);

  it('a category renamed in PlentyONE reaches Magento below the mapped root, and its next rename updates it', { timeout: 60_000 }, async () => {
    const { categories } = sandboxes.plenty.sandbox.stores;
    const top = categories.childrenOf(null)[0]!;
    const leaf = categories.childrenOf(categories.childrenOf(top.id)[0]!.id)[0]!;
    const rename = (en: string, de: string) => plenty('PUT', `/rest/categories/${leaf.id}`, {
      details: [{ plentyId: 1000, lang: 'en', name: en }, { plentyId: 1000, lang: 'de', name: de }],
    });

    await rename('Winter coats', 'Wintermäntel');
    // The category is saved, then its name in each further store view: wait for the last of them.
    const [created] = await waitFor(async () => {
      const found = await below('default', 'Winter coats');
      return found.length && (await below('de', 'Wintermäntel')).length ? found : undefined;
    }, 'the Magento category of the renamed PlentyONE category, named in both store views', 30_000);
    // Its ancestors came along: the leaf sits three levels below the mapped root.
    expect(created!.path.split('/')).toHaveLength(5);
    expect((await below('de', 'Wintermäntel')).map((c) => c.id)).toEqual([created!.id]);
    const delivered = sandboxes.plenty.sandbox.webhooks.deliveries.filter((d) => d.event === 'category.updated');
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((d) => d.status === 200 || d.status === 202)).toBe(true);

    // A callback names its category and the second of the change, so the gateway takes a second change
    // within the same second for a repeated delivery of the first: change it in the next second.
    await sleep(1000 - (Date.now() % 1000) + 50);
    await rename('Parkas', 'Parkas DE');
    await waitFor(async () => (await below('default', 'Parkas')).length > 0 && (await below('de', 'Parkas DE')).length > 0, 'the Magento category renamed by the callback in both store views', 30_000);
    expect((await below('default', 'Parkas')).map((c) => c.id)).toEqual([created!.id]);
    expect((await below('de', 'Parkas DE')).map((c) => c.id)).toEqual([created!.id]);
    expect(await below('default', 'Winter coats')).toEqual([]);
  });

  it('a category moved in PlentyONE moves in Magento below the new parent, which is created first', { timeout: 60_000 }, async () => {
    const { categories } = sandboxes.plenty.sandbox.stores;
    const top = categories.childrenOf(null)[0]!;
    const [first, second] = categories.childrenOf(top.id);
    const leaf = categories.childrenOf(first!.id)[0]!;
    const [moved] = await below('default', 'Parkas');
    const secondName = second!.details.find((d) => d.plentyId === 1000 && d.lang === 'en')!.name;
    expect(await below('default', secondName)).toEqual([]);

    await sleep(1000 - (Date.now() % 1000) + 50);
    await plenty('PUT', `/rest/categories/${leaf.id}`, { parentCategoryId: second!.id });
    const [parent] = await waitFor(async () => {
      const found = await below('default', secondName);
      return found.length ? found : undefined;
    }, 'the new parent created in Magento', 30_000);
    await waitFor(async () => ((await below('default', 'Parkas'))[0]?.path ?? '').startsWith(`${parent!.path}/`), 'the category moved below its new parent', 30_000);
    const [after] = await below('default', 'Parkas');
    expect(after).toMatchObject({ id: moved!.id, path: `${parent!.path}/${moved!.id}`, level: parent!.level + 1 });
  });
});
