import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { profileSchedules, profiles } from '../db/schema/index.js';
import { nextTicks } from '../queue/cron.js';
import type { ScheduleSpec } from '../queue/port.js';
import { fullRunSchema, weekdays, type FullRunConfig } from './config/full-run.js';
import { HISTORY_CLEANUP_JOB, RUN_JOB } from './queue-names.js';
import { runJobRetry } from './run-retry.js';
import type { RunRequest } from './runner.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time as HH:MM, e.g. "22:00"');

export const scheduleInput = z.strictObject({
  cron: z.string().trim().min(1).describe('Cron pattern, 5 fields (or 6 with seconds), e.g. "*/15 * * * *"'),
  timezone: z.string().trim().default('UTC').describe('IANA time zone the pattern and window are read in, e.g. "Europe/Berlin"'),
  window: z.strictObject({ start: hhmm, end: hhmm }).optional()
    .describe('Only run between these local times; a window may wrap midnight ("22:00"–"06:00")'),
  mode: z.enum(['delta', 'full']).default('delta').describe('delta: changes since the watermark; full: everything'),
  enabled: z.boolean().default(true),
});
export type ScheduleInput = z.input<typeof scheduleInput>;
export type Schedule = z.output<typeof scheduleInput> & { id?: number };

/** Parses and checks schedules: the cron pattern and time zone must be understood by the scheduler. */
export function parseSchedules(input: unknown): Schedule[] {
  const schedules = z.array(scheduleInput).parse(input);
  for (const s of schedules) nextTicks(s.cron, s.timezone, 1);
  return schedules;
}

export async function listSchedules(db: Database, profileId: number): Promise<Schedule[]> {
  const rows = await db.select().from(profileSchedules).where(eq(profileSchedules.profileId, profileId)).orderBy(profileSchedules.id);
  return rows.map(toSchedule);
}

export async function replaceSchedules(db: Database, profileId: number, schedules: Schedule[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(profileSchedules).where(eq(profileSchedules.profileId, profileId));
    if (schedules.length === 0) return;
    await tx.insert(profileSchedules).values(schedules.map((s) => ({
      profileId, cron: s.cron, timezone: s.timezone, mode: s.mode, enabled: s.enabled,
      windowStart: s.window?.start ?? null, windowEnd: s.window?.end ?? null,
    })));
  });
}

/** The schedule the nightly history cleanup ticks on (03:15 UTC: after most shops' full runs have started). */
export const HISTORY_CLEANUP_SCHEDULE = { id: 'history-cleanup', cron: '15 3 * * *', timezone: 'UTC' } as const;

/**
 * What a new profile comes with: a delta reconciliation every 15 minutes, which catches whatever its
 * events missed (a webhook never sent, a record that failed). It ticks only while the profile is active.
 */
export const DEFAULT_SCHEDULE = { cron: '*/15 * * * *', timezone: 'UTC', mode: 'delta' } as const;

/** The schedule rows a newly created profile gets. */
export function defaultScheduleRows(profileId: number): (typeof profileSchedules.$inferInsert)[] {
  return [{ profileId, ...DEFAULT_SCHEDULE, enabled: true }];
}

/**
 * Every enabled schedule of every active profile, as the scheduler wants them: the profiles' cron schedules,
 * the full run each profile's `fullRun` setting asks for (`fullrun-<profile id>`), and the nightly
 * history cleanup (`logging.historyDays`).
 */
export async function loadScheduleSpecs(db: Database): Promise<ScheduleSpec[]> {
  const rows = await db.select({ schedule: profileSchedules, config: profiles.config }).from(profileSchedules)
    .innerJoin(profiles, eq(profiles.id, profileSchedules.profileId))
    // A profile that is not active would skip the run anyway: its schedules wait until it is enabled.
    .where(and(eq(profileSchedules.enabled, true), eq(profiles.status, 'active')));
  const specs: ScheduleSpec[] = rows.map(({ schedule: row, config }) => {
    const data: RunRequest = { profileId: row.profileId, trigger: 'cron', input: { mode: row.mode === 'full' ? 'full' : 'delta' } };
    return {
      id: `schedule-${row.id}`,
      cron: row.cron,
      timezone: row.timezone,
      ...(row.windowStart && row.windowEnd ? { window: { start: row.windowStart, end: row.windowEnd } } : {}),
      jobName: RUN_JOB,
      data,
      // The profile's retry settings, as for its manual and event runs.
      retry: runJobRetry(config),
    };
  });
  for (const { id, config } of await db.select({ id: profiles.id, config: profiles.config }).from(profiles).where(eq(profiles.status, 'active'))) {
    const full = fullRunSchedule(config);
    if (!full) continue;
    const data: RunRequest = { profileId: id, trigger: 'cron', input: { mode: 'full' } };
    specs.push({ id: `fullrun-${id}`, cron: full.cron, timezone: full.timezone, jobName: RUN_JOB, data, retry: runJobRetry(config) });
  }
  specs.push({ ...HISTORY_CLEANUP_SCHEDULE, jobName: HISTORY_CLEANUP_JOB, data: {}, retry: { attempts: 3 } });
  return specs;
}

/** The cron expression (in its `timezone`) of a profile's `fullRun` setting, or undefined when it is off. */
export function fullRunCron(fullRun: FullRunConfig): string | undefined {
  const [hour, minute] = fullRun.at.split(':').map(Number);
  switch (fullRun.frequency) {
    case 'off':
      return undefined;
    case 'daily':
      return `${minute} ${hour} * * *`;
    case 'weekly':
      return `${minute} ${hour} * * ${weekdays.indexOf(fullRun.weekday ?? 'sun')}`;
    case 'monthly':
      return `${minute} ${hour} ${fullRun.dayOfMonth ?? 1} * *`;
  }
}

/**
 * The full-run schedule a stored config asks for (`fullRun`), shown beside the cron schedules; undefined
 * when it is off or the setting is invalid (an invalid config cannot be saved, so only a hand-edited row).
 */
export function fullRunSchedule(config: unknown): (Schedule & { source: 'fullRun' }) | undefined {
  const stored = typeof config === 'object' && config !== null ? (config as { fullRun?: unknown }).fullRun : undefined;
  const parsed = fullRunSchema.safeParse(stored ?? {});
  if (!parsed.success) return undefined;
  const cron = fullRunCron(parsed.data);
  if (!cron) return undefined;
  return { cron, timezone: parsed.data.timezone, mode: 'full', enabled: true, source: 'fullRun' };
}

function toSchedule(row: typeof profileSchedules.$inferSelect): Schedule {
  return {
    id: row.id, cron: row.cron, timezone: row.timezone, mode: row.mode === 'full' ? 'full' : 'delta', enabled: row.enabled,
    ...(row.windowStart && row.windowEnd ? { window: { start: row.windowStart, end: row.windowEnd } } : {}),
  };
}
