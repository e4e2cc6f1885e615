/**
 * Pure cron helpers shared by both schedule drivers and the CLI: validation with errors a user can act
 * on, window checks in the schedule's time zone, and the next ticks (window applied).
 */
import { CronExpressionParser } from 'cron-parser';
import type { ScheduleSpec } from './port.js';

export type ScheduleWindow = { start: string; end: string };

const examples = {
  cron: "'*/15 * * * *' (every 15 minutes) or '0 */5 * * * *' (seconds first: every 5 minutes)",
  timezone: "'Europe/Berlin' or 'UTC'",
  window: "{ start: '22:00', end: '06:00' } (local time; wraps midnight)",
  id: "'profile-3-nightly'",
  jobName: "'profile-run'",
} as const;

/** A schedule that cannot run; `field` names what is wrong, the message carries an example. */
export class InvalidScheduleError extends Error {
  constructor(readonly field: keyof typeof examples, problem: string) {
    super(`Invalid schedule ${field}: ${problem}. Example: ${examples[field]}`);
    this.name = 'InvalidScheduleError';
  }
}

export function assertValidTimezone(timezone: string): void {
  try {
    if (!timezone) throw new RangeError('empty');
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new InvalidScheduleError('timezone', `'${timezone}' is not an IANA time zone`);
  }
}

export function assertValidCron(cron: string): void {
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (!cron.trim().startsWith('@') && (fields.length < 5 || fields.length > 6)) {
    throw new InvalidScheduleError('cron', `'${cron}' has ${fields.length} fields, expected 5 or 6`);
  }
  try {
    CronExpressionParser.parse(cron, { tz: 'UTC', strict: false });
  } catch (error) {
    throw new InvalidScheduleError('cron', `'${cron}' does not parse (${(error as Error).message})`);
  }
}

/** "HH:MM" → minutes after local midnight. */
function clockMinutes(value: string, which: 'start' | 'end'): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new InvalidScheduleError('window', `${which} '${value}' is not HH:MM (00:00–23:59)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function assertValidWindow(window: ScheduleWindow): void {
  const start = clockMinutes(window.start, 'start');
  const end = clockMinutes(window.end, 'end');
  if (start === end) throw new InvalidScheduleError('window', `start and end are both '${window.start}'`);
}

/** Throws InvalidScheduleError naming the first bad field. */
export function validateSchedule(spec: ScheduleSpec): void {
  if (!spec.id || /\s/.test(spec.id)) throw new InvalidScheduleError('id', `'${spec.id}' must be non-empty without spaces`);
  if (!spec.jobName) throw new InvalidScheduleError('jobName', 'it is empty');
  assertValidTimezone(spec.timezone);
  assertValidCron(spec.cron);
  if (spec.window) assertValidWindow(spec.window);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local time of day in `timezone`, in seconds after midnight. */
function localSecondOfDay(date: Date, timezone: string): number {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timezone, format);
  }
  let h = 0, m = 0, s = 0;
  for (const part of format.formatToParts(date)) {
    if (part.type === 'hour') h = Number(part.value);
    else if (part.type === 'minute') m = Number(part.value);
    else if (part.type === 'second') s = Number(part.value);
  }
  return h * 3600 + m * 60 + s;
}

/** True when `date`, read in `timezone`, is inside the window (start inclusive, end exclusive). */
export function isWithinWindow(date: Date, timezone: string, window: ScheduleWindow | undefined): boolean {
  if (!window) return true;
  const start = clockMinutes(window.start, 'start') * 60;
  const end = clockMinutes(window.end, 'end') * 60;
  const now = localSecondOfDay(date, timezone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** Seconds from `date` until the window next opens (0 when inside). */
function secondsUntilWindow(date: Date, timezone: string, window: ScheduleWindow): number {
  if (isWithinWindow(date, timezone, window)) return 0;
  const start = clockMinutes(window.start, 'start') * 60;
  return (start - localSecondOfDay(date, timezone) + 86_400) % 86_400;
}

// A cron that never meets its window (e.g. '0 3 * * *' with 08:00–17:00) must not search for ever.
const MAX_STEPS = 10_000;
const HORIZON_MS = 366 * 86_400_000;

/** The first tick strictly after `after` that falls inside the window, or undefined if none is found. */
export function nextTick(cron: string, timezone: string, after: Date, window?: ScheduleWindow): Date | undefined {
  const horizon = after.getTime() + HORIZON_MS;
  let expression = CronExpressionParser.parse(cron, { tz: timezone, currentDate: after });
  for (let step = 0; step < MAX_STEPS; step += 1) {
    let tick: Date;
    try {
      tick = expression.next().toDate();
    } catch {
      return undefined; // no further occurrence
    }
    if (tick.getTime() > horizon) return undefined;
    if (!window || isWithinWindow(tick, timezone, window)) return tick;
    // Jump close to the window's opening instead of stepping through every tick outside it. One hour
    // short of it, so a daylight-saving shift can never make the jump overshoot the first ticks inside.
    const gap = secondsUntilWindow(tick, timezone, window) - 3600;
    if (gap > 0) expression = CronExpressionParser.parse(cron, { tz: timezone, currentDate: new Date(tick.getTime() + gap * 1000) });
  }
  return undefined;
}

/** The next `n` ticks after `from` (default now), window applied: what the CLI shows as "next runs". */
export function nextTicks(cron: string, timezone: string, n: number, options: { window?: ScheduleWindow; from?: Date } = {}): Date[] {
  assertValidTimezone(timezone);
  assertValidCron(cron);
  if (options.window) assertValidWindow(options.window);
  const ticks: Date[] = [];
  let after = options.from ?? new Date();
  while (ticks.length < n) {
    const tick = nextTick(cron, timezone, after, options.window);
    if (!tick) break;
    ticks.push(tick);
    after = tick;
  }
  return ticks;
}
