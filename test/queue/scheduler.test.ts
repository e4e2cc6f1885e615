/**
 * Schedules: the pure helpers the CLI uses (windows, next ticks, validation, backoff), and the scheduler
 * on both adapters (ticks, reload without restart, windows, invalid schedules).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/queue/backoff.js';
import type { QueueBackend, ScheduleSpec } from '../../src/queue/port.js';
import { createScheduler, InvalidScheduleError, isWithinWindow, nextTicks, validateSchedule } from '../../src/queue/scheduler.js';
import { skipWithoutRedis } from '../support/redis-required.js';
import { adapters, sleep, waitFor, type AdapterFixture } from './helpers.js';

const at = (iso: string) => new Date(iso);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('isWithinWindow', () => {
  const day = { start: '08:00', end: '17:00' };
  const night = { start: '22:00', end: '06:00' };

  it('reads the window in the schedule time zone, start inclusive and end exclusive', () => {
    // January: Berlin is UTC+1.
    expect(isWithinWindow(at('2026-01-15T07:00:00Z'), 'Europe/Berlin', day)).toBe(true);
    expect(isWithinWindow(at('2026-01-15T06:59:00Z'), 'Europe/Berlin', day)).toBe(false);
    expect(isWithinWindow(at('2026-01-15T15:59:59Z'), 'Europe/Berlin', day)).toBe(true);
    expect(isWithinWindow(at('2026-01-15T16:00:00Z'), 'Europe/Berlin', day)).toBe(false);
    expect(isWithinWindow(at('2026-01-15T03:00:00Z'), 'UTC', undefined)).toBe(true);
  });

  it('handles a window that wraps midnight', () => {
    expect(isWithinWindow(at('2026-01-15T22:30:00Z'), 'Europe/Berlin', night)).toBe(true); // 23:30
    expect(isWithinWindow(at('2026-01-16T04:59:00Z'), 'Europe/Berlin', night)).toBe(true); // 05:59
    expect(isWithinWindow(at('2026-01-16T05:00:00Z'), 'Europe/Berlin', night)).toBe(false); // 06:00
    expect(isWithinWindow(at('2026-01-16T11:00:00Z'), 'Europe/Berlin', night)).toBe(false); // 12:00
    expect(isWithinWindow(at('2026-01-15T21:00:00Z'), 'Europe/Berlin', night)).toBe(true); // 22:00
  });
});

describe('nextTicks', () => {
  it('lists the next runs in the time zone, skipping ticks outside the window', () => {
    const ticks = nextTicks('0 * * * *', 'Europe/Berlin', 4, { from: at('2026-01-15T12:00:00Z'), window: { start: '22:00', end: '01:00' } });
    expect(iso(ticks)).toEqual([
      '2026-01-15T21:00:00.000Z', '2026-01-15T22:00:00.000Z', '2026-01-15T23:00:00.000Z', '2026-01-16T21:00:00.000Z',
    ]);
  });

  it('follows the zone offset and weekdays', () => {
    // 09:00 New York on weekdays, from a Friday: Friday, then Monday (EST is UTC-5).
    expect(iso(nextTicks('0 9 * * 1-5', 'America/New_York', 2, { from: at('2026-01-16T00:00:00Z') })))
      .toEqual(['2026-01-16T14:00:00.000Z', '2026-01-19T14:00:00.000Z']);
    // Summer time: UTC-4.
    expect(iso(nextTicks('0 9 * * *', 'America/New_York', 1, { from: at('2026-07-01T00:00:00Z') })))
      .toEqual(['2026-07-01T13:00:00.000Z']);
  });

  it('accepts six-field (seconds) patterns', () => {
    expect(iso(nextTicks('*/10 * * * * *', 'UTC', 3, { from: at('2026-01-15T00:00:05Z') })))
      .toEqual(['2026-01-15T00:00:10.000Z', '2026-01-15T00:00:20.000Z', '2026-01-15T00:00:30.000Z']);
  });

  it('returns nothing for a cron that never meets its window', () => {
    expect(nextTicks('0 3 * * *', 'UTC', 2, { from: at('2026-01-15T00:00:00Z'), window: { start: '08:00', end: '17:00' } })).toEqual([]);
  });
});

describe('schedule validation', () => {
  const valid: ScheduleSpec = { id: 'nightly', cron: '0 2 * * *', timezone: 'Europe/Berlin', jobName: 'run', data: {} };
  const problem = (spec: Partial<ScheduleSpec>) => {
    try {
      validateSchedule({ ...valid, ...spec });
    } catch (error) {
      return error as InvalidScheduleError;
    }
    return undefined;
  };

  it('accepts a valid schedule', () => {
    expect(problem({})).toBeUndefined();
    expect(problem({ cron: '*/5 * * * * *', window: { start: '22:00', end: '06:00' } })).toBeUndefined();
  });

  it('names the bad field and gives an example', () => {
    const cases: [Partial<ScheduleSpec>, string, RegExp][] = [
      [{ cron: 'every night' }, 'cron', /cron: 'every night' has 2 fields.*Example: '\*\/15 \* \* \* \*'/],
      [{ cron: '0 25 * * *' }, 'cron', /cron: '0 25 \* \* \*' does not parse/],
      [{ timezone: 'Mars/Olympus_Mons' }, 'timezone', /timezone: 'Mars\/Olympus_Mons' is not an IANA time zone.*Europe\/Berlin/],
      [{ window: { start: '25:00', end: '06:00' } }, 'window', /window: start '25:00' is not HH:MM/],
      [{ window: { start: '08:00', end: '08:00' } }, 'window', /start and end are both/],
    ];
    for (const [spec, field, message] of cases) {
      const error = problem(spec);
      expect(error, JSON.stringify(spec)).toBeInstanceOf(InvalidScheduleError);
      expect(error!.field).toBe(field);
      expect(error!.message).toMatch(message);
    }
  });
});

describe('retry backoff', () => {
  it('doubles exponential delays, keeps fixed ones, and jitters downwards within its share', () => {
    const exponential = { type: 'exponential', delayMs: 100 } as const;
    expect([1, 2, 3, 4].map((n) => backoffDelay(exponential, n))).toEqual([100, 200, 400, 800]);
    expect([1, 2, 3].map((n) => backoffDelay({ type: 'fixed', delayMs: 250 }, n))).toEqual([250, 250, 250]);
    const jittered = { ...exponential, jitter: 0.5 };
    expect(backoffDelay(jittered, 2, () => 0)).toBe(100);
    expect(backoffDelay(jittered, 2, () => 0.999)).toBe(199);
  });
});

let counter = 0;
const queueName = () => `sched${++counter}`;

/** "HH:00" `hours` from now in UTC. */
function hourFromNow(hours: number): string {
  return `${String((new Date().getUTCHours() + hours + 24) % 24).padStart(2, '0')}:00`;
}

describe.each(adapters)('scheduler: $name', ({ setup, needsRedis }) => {
  if (needsRedis && skipWithoutRedis()) return;
  let fixture: AdapterFixture;
  let backend: QueueBackend;
  // Booting PGlite takes a while on a busy machine.
  beforeAll(async () => {
    fixture = await setup();
    backend = await fixture.backend();
  }, 180_000);
  afterAll(async () => {
    await fixture?.teardown();
  });

  it('adds a job per tick, and reload applies a change and a removal without a restart', async () => {
    const queue = queueName();
    let specs: ScheduleSpec[] = [{ id: 'p1', cron: '* * * * * *', timezone: 'UTC', jobName: 'profile-run', data: { v: 1 } }];
    const runs: { name: string; data: unknown }[] = [];
    const worker = backend.worker(queue, async (job) => { runs.push({ name: job.name, data: job.data }); });
    const scheduler = createScheduler(backend, { queue, load: async () => specs, reloadIntervalMs: 0 });
    expect(await scheduler.start()).toEqual({ active: ['p1'], rejected: [] });
    await waitFor(() => runs.length >= 2, 'two ticks');
    expect(runs[0]).toEqual({ name: 'profile-run', data: { v: 1 } });

    specs = [{ ...specs[0]!, data: { v: 2 } }];
    await scheduler.reload();
    await waitFor(() => runs.some((r) => (r.data as { v: number }).v === 2), 'a tick with the new data');

    specs = [];
    await scheduler.reload();
    await sleep(1_200);
    const settled = runs.length;
    await sleep(1_200);
    expect(runs.length).toBe(settled);
    await scheduler.stop();
    await worker.close();
  });

  it("gives each tick's job the schedule's retry settings", async () => {
    const queue = queueName();
    const specs: ScheduleSpec[] = [{
      id: 'p1', cron: '* * * * * *', timezone: 'UTC', jobName: 'profile-run', data: {},
      retry: { attempts: 7, backoff: { type: 'fixed', delayMs: 500 } },
    }];
    const seen: { attempts: number }[] = [];
    const worker = backend.worker(queue, async (job) => { seen.push({ attempts: job.maxAttempts }); });
    const scheduler = createScheduler(backend, { queue, load: async () => specs, reloadIntervalMs: 0 });
    await scheduler.start();
    await waitFor(() => seen.length >= 1, 'a tick');
    expect(seen[0]).toEqual({ attempts: 7 });
    await scheduler.stop();
    await worker.close();
  });

  it('skips ticks outside the window; a reloaded window lets them through', async () => {
    const queue = queueName();
    const base = { id: 'w1', cron: '* * * * * *', timezone: 'UTC', jobName: 'profile-run', data: {} };
    let specs: ScheduleSpec[] = [{ ...base, window: { start: hourFromNow(2), end: hourFromNow(3) } }];
    let runs = 0;
    const worker = backend.worker(queue, async () => { runs += 1; });
    const scheduler = createScheduler(backend, { queue, load: async () => specs, reloadIntervalMs: 0 });
    await scheduler.start();
    await sleep(1_500);
    expect(runs).toBe(0);
    specs = [{ ...base, window: { start: hourFromNow(-1), end: hourFromNow(1) } }];
    await scheduler.reload();
    await waitFor(() => runs >= 1, 'a tick inside the window');
    await scheduler.stop();
    await worker.close();
  });

  it('leaves invalid schedules out with a clear error and applies the valid ones', async () => {
    const queue = queueName();
    const errors: unknown[] = [];
    const scheduler = createScheduler(backend, {
      queue,
      reloadIntervalMs: 0,
      onError: (error) => errors.push(error),
      load: async () => [
        { id: 'ok', cron: '0 0 1 1 *', timezone: 'UTC', jobName: 'run', data: {} },
        { id: 'bad-cron', cron: 'daily', timezone: 'UTC', jobName: 'run', data: {} },
        { id: 'bad-zone', cron: '0 * * * *', timezone: 'Berlin', jobName: 'run', data: {} },
      ],
    });
    const result = await scheduler.start();
    expect(result.active).toEqual(['ok']);
    expect(result.rejected.map((r) => [r.id, r.error.field])).toEqual([['bad-cron', 'cron'], ['bad-zone', 'timezone']]);
    expect(errors).toHaveLength(2);
    await scheduler.stop();
  });
});
