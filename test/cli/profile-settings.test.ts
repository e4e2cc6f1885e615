/** The CLI around profile settings: the config's fullRun listed among the schedules, a retired setting refused. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment } from './cli.js';

describe('profile settings through the CLI', () => {
  let cli: Awaited<ReturnType<typeof cliEnvironment>>;
  beforeAll(async () => {
    cli = await cliEnvironment();
  });
  afterAll(async () => cli?.cleanup());

  it('profile:schedule lists the full run the config asks for beside the cron schedules', async () => {
    const file = join(cli.dir, 'stock.json');
    writeFileSync(file, JSON.stringify({
      typeId: 'plenty_stock_import',
      config: { warehouseMapping: [{ warehouseId: 1, sourceCode: 'default' }], fullRun: { frequency: 'weekly', weekday: 'sun', at: '02:30', timezone: 'Europe/Berlin' } },
      schedules: [{ cron: '*/15 * * * *' }],
    }));
    expect((await cli.run(['profile:config:import', '--file', file])).code).toBe(0);
    const listed = await cli.run(['profile:schedule', '--type', 'plenty_stock_import', '--json']);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as { id: unknown; cron: string; timezone: string; mode: string; next: string }[];
    expect(rows).toEqual([
      expect.objectContaining({ cron: '*/15 * * * *', mode: 'delta' }),
      expect.objectContaining({ id: 'fullRun', cron: '30 2 * * 0', timezone: 'Europe/Berlin', mode: 'full' }),
    ]);
    // Sunday 02:30 in Berlin is 00:30 or 01:30 UTC, depending on summer time.
    for (const tick of rows[1]!.next.split(', ')) {
      expect(new Date(tick).getUTCDay()).toBe(0);
      expect(['00:30', '01:30']).toContain(new Date(tick).toISOString().slice(11, 16));
    }
    const table = await cli.run(['profile:schedule', '--type', 'plenty_stock_import']);
    expect(table.stdout).toContain('fullRun');
  });

  it('profile:config:import refuses a setting that is not built, saying so, with exit code 2', async () => {
    const file = join(cli.dir, 'order-import.json');
    writeFileSync(file, JSON.stringify({ typeId: 'plenty_order_import', config: { deferOnHold: true } }));
    const refused = await cli.run(['profile:config:import', '--file', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('deferOnHold: this setting is not built yet in this version of plentygate and would have no effect');
  });
});
