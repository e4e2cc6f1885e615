import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment } from './cli.js';

const seeded = [
  'plenty_category_export', 'plenty_category_import', 'plenty_item_export', 'plenty_item_import',
  'plenty_order_export', 'plenty_order_import', 'plenty_stock_import',
];

describe('plentygate CLI: profiles', () => {
  let cli: Awaited<ReturnType<typeof cliEnvironment>>;
  beforeAll(async () => {
    cli = await cliEnvironment();
  });
  afterAll(async () => cli?.cleanup());

  it('lists every command in --help', async () => {
    const { code, stdout } = await cli.run(['--help']);
    expect(code).toBe(0);
    for (const command of [
      'profile:list', 'profile:info', 'profile:run', 'profile:enable', 'profile:disable', 'profile:history',
      'profile:history:clean', 'profile:create', 'profile:config:export', 'profile:config:import',
      'profile:schedule', 'migrate', 'serve', 'worker', 'sandbox', 'dlq:list', 'dlq:replay',
    ]) expect(stdout).toContain(command);
  });

  it('shows the seven pre-installed profiles on a fresh database', async () => {
    const { code, stdout, stderr } = await cli.run(['profile:list']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const type of seeded) expect(stdout).toContain(type);
    expect(stdout).not.toContain('plenty_customer_export');
  });

  it('prints JSON for scripts', async () => {
    const { code, stdout } = await cli.run(['profile:list', '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { id: number; typeId: string; name: string; status: string }[];
    expect(rows.map((r) => r.typeId).sort()).toEqual([...seeded].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ id: expect.any(Number), name: expect.any(String), status: 'created' });
    }
  });

  it('creates a customer profile once, and says clearly that a second one cannot exist', async () => {
    const first = await cli.run(['profile:create', '--type', 'plenty_customer_export']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Created profile \d+ \(plenty_customer_export\)/);
    const second = await cli.run(['profile:create', '--type', 'plenty_customer_export']);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already exists .*at most one profile per type/);
    const unknown = await cli.run(['profile:create', '--type', 'plenty_nonsense']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('Unknown profile type "plenty_nonsense"');
  });

  it('shows a profile with what is still missing', async () => {
    const { code, stdout } = await cli.run(['profile:info', '--type', 'plenty_order_export', '--json']);
    expect(code).toBe(0);
    const info = JSON.parse(stdout) as { typeId: string; status: string; missing: string[]; config: object };
    expect(info.typeId).toBe('plenty_order_export');
    expect(info.missing.length).toBeGreaterThan(0);
    const missingRef = await cli.run(['profile:info']);
    expect(missingRef.code).toBe(2);
    expect(missingRef.stderr).toContain('--id <id> or --type <typeId>');
  });

  it('exports a config, refuses an invalid one field by field, and imports a valid one', async () => {
    const exported = await cli.run(['profile:config:export', '--type', 'plenty_stock_import']);
    expect(exported.code).toBe(0);
    const doc = JSON.parse(exported.stdout) as { typeId: string; config: Record<string, unknown>; schedules: unknown[] };
    expect(doc.typeId).toBe('plenty_stock_import');

    const bad = join(cli.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...doc, config: { ...doc.config, batchSize: 0 } }));
    const refused = await cli.run(['profile:config:import', '--file', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/batchSize/);

    const good = join(cli.dir, 'good.json');
    writeFileSync(good, JSON.stringify({ ...doc, config: { ...doc.config, batchSize: 40 }, schedules: [{ cron: '*/10 * * * *', timezone: 'Europe/Berlin' }] }));
    const imported = await cli.run(['profile:config:import', '--file', good]);
    expect(imported.code).toBe(0);
    const again = JSON.parse((await cli.run(['profile:config:export', '--type', 'plenty_stock_import'])).stdout);
    expect(again.config.batchSize).toBe(40);
    expect(again.schedules).toEqual([expect.objectContaining({ cron: '*/10 * * * *', timezone: 'Europe/Berlin', mode: 'delta' })]);

    const notJson = join(cli.dir, 'not.json');
    writeFileSync(notJson, '{ nope');
    const parse = await cli.run(['profile:config:import', '--file', notJson]);
    expect(parse.code).toBe(2);
    expect(parse.stderr).toContain('is not valid JSON');
  });

  it('adds and removes schedules and shows their next runs', async () => {
    const added = await cli.run(['profile:schedule', '--type', 'plenty_item_export', '--add', '0 3 * * *', '--timezone', 'Europe/Berlin', '--window', '01:00-05:00', '--mode', 'full', '--json']);
    expect(added.code).toBe(0);
    const schedules = JSON.parse(added.stdout) as { id: number; cron: string; next: string; mode: string; window: unknown }[];
    // Beside the delta reconciliation every profile comes with.
    expect(schedules.map((s) => s.cron)).toEqual(['*/15 * * * *', '0 3 * * *']);
    const nightly = schedules[1]!;
    expect(nightly).toMatchObject({ cron: '0 3 * * *', mode: 'full', window: { start: '01:00', end: '05:00' } });
    // 03:00 in Berlin is 01:00 or 02:00 UTC depending on the season.
    expect(nightly.next.split(', ')[0]).toMatch(/T0[12]:00:00\.000Z$/);

    const bad = await cli.run(['profile:schedule', '--type', 'plenty_item_export', '--add', '61 * * * *']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cron/i);
    const badZone = await cli.run(['profile:schedule', '--type', 'plenty_item_export', '--add', '0 * * * *', '--timezone', 'Mars/Olympus']);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toMatch(/time ?zone/i);

    const removed = await cli.run(['profile:schedule', '--type', 'plenty_item_export', '--remove', String(nightly.id), '--json']);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual([expect.objectContaining({ cron: '*/15 * * * *', mode: 'delta' })]);
  });

  it('refuses lifecycle moves that are not allowed, saying what to do', async () => {
    const enable = await cli.run(['profile:enable', '--type', 'plenty_order_export']);
    expect(enable.code).toBe(2);
    expect(enable.stderr).toContain('test it first');
    const disable = await cli.run(['profile:disable', '--type', 'plenty_order_export']);
    expect(disable.code).toBe(2);
  });

  it('runs a profile that is not configured yet: it fails plainly and the history says so', async () => {
    const run = await cli.run(['profile:run', '--type', 'plenty_item_import', '--full']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('not configured yet');
    const history = await cli.run(['profile:history', '--type', 'plenty_item_import', '--json']);
    const runs = JSON.parse(history.stdout) as { status: string; trigger: string; mode: string; error: string }[];
    expect(runs[0]).toMatchObject({ status: 'failed', trigger: 'manual', mode: 'full' });
    expect(runs[0]!.error).toContain('storeMapping');
    const both = await cli.run(['profile:run', '--type', 'plenty_item_import', '--full', '--ids', 'a']);
    expect(both.code).toBe(2);
  });

  it('cleans history older than a number of days', async () => {
    const clean = await cli.run(['profile:history:clean', '--days', '1', '--json']);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({ deleted: 0 });
    const bad = await cli.run(['profile:history:clean', '--days', 'soon']);
    expect(bad.code).toBe(2);
  });

  it('stops with one line per bad setting', async () => {
    const { code, stderr } = await cli.run(['profile:list'], { PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/PORT: .*port/);
    expect(stderr).toMatch(/LOG_LEVEL: expected one of/);
  });
});
