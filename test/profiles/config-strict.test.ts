/**
 * Every config schema refuses keys it does not declare, at every level, naming the key's path; its JSON
 * Schema (what `profile:schema` prints and the admin API's OpenAPI document publishes) says the same;
 * settings that earlier versions accepted without an effect are refused with the reason when saved and
 * left out, with a note, when a stored config still holds them.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { createQueueBackend } from '../../src/queue/index.js';
import { createGateway, loadGatewaySettings } from '../../src/gateway/index.js';
import { configJsonSchema, configSchemaComponent } from '../../src/profiles/config-json-schema.js';
import { describeConfigError } from '../../src/profiles/config/errors.js';
import { createHistory } from '../../src/profiles/history.js';
import { builtinRegistry, ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import { createProfileService } from '../../src/profiles/service.js';
import { builtinProfileTypes } from '../../src/profiles/types/index.js';
import { createTestDatabase, engine, type TestDatabase } from '../support/db.js';
import { insertProfile, memoryType, silentLog } from './support/memory-type.js';

type Json = Record<string, unknown>;
const TYPO = 'zzTypo';

/**
 * Every strict object of a JSON Schema that the value reaches (objects present in the value, rows of
 * arrays present in it), with its dotted path: where an unknown key can be tried.
 */
function strictObjectsIn(schema: Json, value: unknown, path: string[] = []): string[][] {
  if (schema.anyOf) return (schema.anyOf as Json[]).flatMap((s) => strictObjectsIn(s, value, path)).slice(0, 1);
  if (schema.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    const here = schema.additionalProperties === false ? [path] : [];
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    return [...here, ...Object.entries(properties).flatMap(([key, sub]) => strictObjectsIn(sub, (value as Json)[key], [...path, key]))];
  }
  if (schema.type === 'array' && Array.isArray(value) && schema.items) {
    return value.flatMap((row, i) => strictObjectsIn(schema.items as Json, row, [...path, String(i)]));
  }
  return [];
}

/** Every object node of a JSON Schema: each must refuse undeclared keys, or be a map (a schema for any key). */
function objectNodes(schema: unknown, path = '(config)'): { path: string; node: Json }[] {
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Json;
  const own = node.type === 'object' ? [{ path, node }] : [];
  const children = [
    ...Object.entries((node.properties ?? {}) as Json).map(([k, v]) => objectNodes(v, `${path}.${k}`)),
    ...(node.items ? [objectNodes(node.items, `${path}[]`)] : []),
    ...(typeof node.additionalProperties === 'object' ? [objectNodes(node.additionalProperties, `${path}{}`)] : []),
    ...((node.anyOf ?? []) as unknown[]).map((s) => objectNodes(s, path)),
  ];
  return [...own, ...children.flat()];
}

const withKey = (config: unknown, path: string[]): unknown => {
  const copy = structuredClone(config) as Json;
  let node: Json = copy;
  for (const part of path) node = node[part] as Json;
  node[TYPO] = 1;
  return copy;
};

describe.each(builtinProfileTypes.map((t) => [t.id, t] as const))('%s config refuses unknown keys', (_id, type) => {
  const schema = configJsonSchema(type);

  it('at every level the config has, naming the key path', () => {
    const parsed = type.configSchema.parse({});
    const places = strictObjectsIn(schema, parsed);
    expect(places.length).toBeGreaterThanOrEqual(6); // the config itself, connection, collection, retry(+failedRecords), fullRun, logging
    for (const path of places) {
      const result = type.configSchema.safeParse(withKey(parsed, path));
      expect(result.success, `a key under ${path.join('.') || '(config)'} was accepted`).toBe(false);
      const dotted = [...path, TYPO].join('.');
      expect(describeConfigError(result.error!)).toContain(`${dotted}: unknown setting "${TYPO}" (check its spelling against the profile's schema)`);
    }
  });

  it('in its JSON Schema: every object refuses undeclared keys or is a map', () => {
    for (const { path, node } of objectNodes(schema)) {
      const closed = node.additionalProperties === false;
      const map = typeof node.additionalProperties === 'object' && !node.properties;
      expect(closed || map, `${path} accepts undeclared keys`).toBe(true);
    }
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate({})).toBe(true);
    expect(validate({ logging: { historyDays: 3, [TYPO]: true } })).toBe(false);
    expect(validate({ [TYPO]: true })).toBe(false);
  });
});

describe(`retired settings on ${engine}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.destroy());

  it('saving one is refused with the reason; the real types list what they no longer accept', async () => {
    const service = createProfileService({ db: db.db, registry: await builtinRegistry() });
    await service.create('plenty_order_import');
    await expect(service.updateConfig('plenty_order_import', { actions: { createOrders: false }, statusMap: { 7: 'complete' } })).rejects.toMatchObject({
      problems: ['actions: this setting is not built yet in this version of plentygate and would have no effect; remove it (the profile type\'s README lists what is not built yet)'],
    });
    await service.create('plenty_customer_export');
    await expect(service.updateConfig('plenty_customer_export', { contactTypeId: 1, genderMap: {} })).rejects.toMatchObject({
      problems: [expect.stringMatching(/^contactTypeId: this setting is not built yet/), expect.stringMatching(/^genderMap: this setting is not built yet/)],
    });
    // A key that never existed is still an unknown setting.
    await expect(service.updateConfig('plenty_order_import', { statusMapp: {} })).rejects.toMatchObject({
      problems: ['statusMapp: unknown setting "statusMapp" (check its spelling against the profile\'s schema)'],
    });
  });

  it('a stored config holding them still loads: the run leaves them out and says so; export drops them', async () => {
    const { type } = memoryType({ records: 3 });
    type.retiredSettings = ['legacy', 'nested'];
    const registry = new ProfileRegistry([type]);
    const profile = await insertProfile(db.db, type.id, { target: 'x', legacy: true, nested: { old: 1 } });
    const service = createProfileService({ db: db.db, registry });
    expect((await service.get(profile.id)).missing).toEqual([]);
    const result = await executeRun({ db: db.db, registry, log: silentLog }, { profileId: profile.id, trigger: 'manual', input: { mode: 'full' } });
    expect(result).toMatchObject({ status: 'completed', processed: 3 });
    const messages = (await createHistory(db.db).messages(result.runId)).map((m) => m.message);
    expect(messages).toContain('Ignored setting(s) legacy, nested: not built yet in this version, they never had an effect. Save the profile\'s config without them to silence this note.');
    expect((await service.exportConfig(profile.id)).config).toEqual({ target: 'x' });
  });
});

describe(`JSON Schema publication on ${engine}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.destroy());

  it('the OpenAPI document has each type\'s config schema under components/schemas', async () => {
    const queue = await createQueueBackend({ db, pollIntervalMs: 20 });
    try {
      const profiles = createProfileService({ db: db.db, registry: await builtinRegistry(), queue });
      const logger = pino({ level: 'silent' });
      const gateway = createGateway({ db, queue, settings: loadGatewaySettings({}), logger, services: { profiles } });
      const res = await gateway.app.request('/api/openapi.json');
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { components: { schemas: Record<string, Json> } };
      for (const type of builtinProfileTypes) {
        const published = doc.components.schemas[configSchemaComponent(type.id)];
        expect(published, type.id).toEqual(configJsonSchema(type));
        expect(published?.additionalProperties).toBe(false);
      }
      const stock = doc.components.schemas.ProfileConfig_plenty_stock_import as { properties: Record<string, Json> };
      expect(Object.keys(stock.properties)).toEqual(expect.arrayContaining(['skipUnmanaged', 'removeStaleOnFullRun', 'driftReport', 'retry', 'fullRun', 'logging']));
    } finally {
      await queue.close();
    }
  });
});

describe('profile:schema', () => {
  /** Runs the CLI in this process and collects what it prints. */
  async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    const out: string[] = [];
    const err: string[] = [];
    const write = (sink: string[]) => ((chunk: string | Uint8Array) => {
      sink.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    const [stdout, stderr, exitCode] = [process.stdout.write, process.stderr.write, process.exitCode];
    process.stdout.write = write(out);
    process.stderr.write = write(err);
    process.exitCode = undefined;
    try {
      await main(['node', 'plentygate', ...args]);
      return { stdout: out.join(''), stderr: err.join(''), code: Number(process.exitCode ?? 0) };
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
      process.exitCode = exitCode;
    }
  }

  it('prints the JSON Schema of a type\'s config, pretty or on one line with --json', async () => {
    const type = builtinProfileTypes.find((t) => t.id === 'plenty_stock_import')!;
    const pretty = await cli(['profile:schema', '--type', 'plenty_stock_import']);
    expect(pretty.code).toBe(0);
    expect(JSON.parse(pretty.stdout)).toEqual(configJsonSchema(type));
    expect(pretty.stdout.split('\n').length).toBeGreaterThan(10);
    const compact = await cli(['profile:schema', '--type', 'plenty_stock_import', '--json']);
    expect(compact.stdout.trim().split('\n')).toHaveLength(1);
    const schema = JSON.parse(compact.stdout) as { properties: Record<string, { description?: string }> };
    expect(schema.properties.skipUnmanaged?.description).toMatch(/Manage Stock/);
  });

  it('refuses an unknown type with exit code 2, naming the known ones', async () => {
    const result = await cli(['profile:schema', '--type', 'plenty_nothing']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown profile type "plenty_nothing". Known types: plenty_category_export');
    expect(result.stdout).toBe('');
  });
});

