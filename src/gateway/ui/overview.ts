import type { RunRow } from '../../profiles/history.js';
import type { RunSearch, ErrorCounts } from '../../profiles/run-search.js';
import { fullRunSchedule, type Schedule } from '../../profiles/schedules.js';
import type { ProfileDetails, ProfileService } from '../../profiles/service.js';
import { nextTicks } from '../../queue/cron.js';
import type { JobState, QueueBackend } from '../../queue/port.js';
import type { InboxStatus, InboxStore } from '../inbox/store.js';
import { within } from '../ops/bounded.js';

export interface ProfileOverview {
  profile: ProfileDetails;
  lastRun: RunRow | undefined;
  nextRun: Date | undefined;
  errors24h: ErrorCounts;
}

export interface Overview {
  profiles: ProfileOverview[];
  inbox: { pending: number; oldestAgeS: number; counts: Record<InboxStatus, number> } | { error: string };
  queue: { up: true; counts: Record<JobState, number> } | { up: false; error: string };
}

export interface OverviewSources {
  profiles: ProfileService;
  runs: RunSearch;
  store: InboxStore;
  queue: QueueBackend;
  jobQueues: readonly string[];
}

/** A profile's schedules as shown: its cron schedules and the full run its `fullRun` setting asks for. */
export function effectiveSchedules(profile: Pick<ProfileDetails, 'schedules' | 'config'>): (Schedule & { source?: 'fullRun' })[] {
  const full = fullRunSchedule(profile.config);
  return [...profile.schedules, ...(full ? [full] : [])];
}

/** The next `n` ticks of a schedule (its window applied); none when it is off or cannot be read. */
export function nextRunsOf(schedule: Schedule, n: number, from = new Date()): Date[] {
  if (!schedule.enabled) return [];
  try {
    return nextTicks(schedule.cron, schedule.timezone, n, { from, ...(schedule.window ? { window: schedule.window } : {}) });
  } catch {
    return [];
  }
}

/**
 * What the dashboard shows, read through the same services as the admin API and /metrics: profiles
 * with their last run, next scheduled run and errors of the last 24 h; inbox lag; the queue's job counts
 * (dead letters included). The inbox and the queue are each given 2 s, so an outage shows as such.
 */
export async function loadOverview(s: OverviewSources, now = new Date()): Promise<Overview> {
  const [rows, latest, errors] = await Promise.all([
    s.profiles.list(), s.runs.latestPerProfile(), s.runs.errorsSince(new Date(now.getTime() - 86_400_000)),
  ]);
  const profiles = await Promise.all(rows.map(async (row): Promise<ProfileOverview> => {
    const profile = await s.profiles.get(row.id);
    const next = effectiveSchedules(profile).flatMap((sch) => nextRunsOf(sch, 1, now)).sort((a, b) => a.getTime() - b.getTime())[0];
    return {
      profile, lastRun: latest.get(row.id), nextRun: profile.status === 'active' ? next : undefined,
      errors24h: errors.get(row.id) ?? { failedRuns: 0, failedRecords: 0 },
    };
  }));
  const [inbox, queue] = await Promise.all([
    within(2000, Promise.all([s.store.lag(), s.store.counts()]), 'the database gave no inbox counts')
      .then(([lag, counts]) => ({ ...lag, counts }), (e: Error) => ({ error: e.message })),
    within(2000, (async () => {
      await s.queue.ping();
      const total = { waiting: 0, delayed: 0, active: 0, completed: 0, dead: 0 } as Record<JobState, number>;
      for (const name of s.jobQueues) {
        const counts = await s.queue.queue(name).counts();
        for (const k of Object.keys(total) as JobState[]) total[k] += counts[k] ?? 0;
      }
      return total;
    })(), 'the queue did not answer').then((counts) => ({ up: true as const, counts }), (e: Error) => ({ up: false as const, error: e.message })),
  ]);
  return { profiles, inbox, queue };
}
