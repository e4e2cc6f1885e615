import type { Command } from 'commander';
import type { Schedule } from '../../profiles/schedules.js';
import { positiveInt, profileRef, UsageError, withProfileRef, withProfiles } from '../context.js';
import { printJson, printTable } from '../output.js';

export function registerProfileScheduleCommand(program: Command): void {
  withProfileRef(program.command('profile:schedule'))
    .description('Show, add or remove the cron schedules of a profile (changes apply without a restart); the config\'s fullRun is listed as "fullRun"')
    .option('--add <cron>', 'add a schedule, e.g. "*/15 * * * *" (5 fields, or 6 with seconds)')
    .option('--timezone <tz>', 'IANA time zone for --add', 'UTC')
    .option('--window <from-to>', 'for --add: only run between these local times, e.g. 22:00-06:00')
    .option('--mode <mode>', 'for --add: delta or full', 'delta')
    .option('--remove <scheduleId>', 'remove the schedule with this id')
    .option('--clear', 'remove every schedule of the profile')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { id?: string; type?: string; add?: string; timezone: string; window?: string; mode: string; remove?: string; clear?: boolean; json?: boolean }) => {
      const ref = profileRef(options);
      await withProfiles('profile:schedule', async (service) => {
        const profile = await service.get(ref);
        let schedules: Schedule[] = profile.schedules;
        const strip = (list: Schedule[]) => list.map(({ id: _id, ...s }) => s);
        if (options.clear) {
          schedules = await service.setSchedules(ref, []);
        } else if (options.remove) {
          const id = positiveInt('--remove', options.remove);
          if (!schedules.some((s) => s.id === id)) throw new UsageError(`The profile has no schedule ${id}.`);
          schedules = await service.setSchedules(ref, strip(schedules.filter((s) => s.id !== id)));
        } else if (options.add) {
          schedules = await service.setSchedules(ref, [...strip(schedules), {
            cron: options.add, timezone: options.timezone, mode: options.mode, ...(options.window ? { window: parseWindow(options.window) } : {}),
          }]);
        }
        const [{ fullRunSchedule }, { nextTicks }] = await Promise.all([import('../../profiles/schedules.js'), import('../../queue/scheduler.js')]);
        // The full run the config's fullRun setting asks for is a schedule too (changed through the config).
        const fullRun = fullRunSchedule(profile.config);
        const rows = [...schedules, ...(fullRun ? [{ ...fullRun, id: 'fullRun' }] : [])].map((s) => ({
          ...s,
          next: s.enabled ? nextTicks(s.cron, s.timezone, 3).map((d) => d.toISOString()).join(', ') : '',
        }));
        if (options.json) return printJson(rows);
        printTable(rows.map((r) => ({ ...r, window: r.window ? `${r.window.start}-${r.window.end}` : '' })), [
          ['id', 'ID'], ['cron', 'Cron'], ['timezone', 'Time zone'], ['window', 'Window'], ['mode', 'Mode'], ['enabled', 'Enabled'], ['next', 'Next runs'],
        ]);
      });
    });
}

function parseWindow(text: string): { start: string; end: string } {
  const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(text.trim());
  if (!match) throw new UsageError(`--window expects HH:MM-HH:MM, e.g. 22:00-06:00, got "${text}".`);
  return { start: match[1]!, end: match[2]! };
}
