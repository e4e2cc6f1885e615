import { z } from 'zod';
import { clockTime } from './ids.js';

/**
 * The periodic full run (the extension's "one-time full run daily/weekly/monthly") while regular runs
 * are deltas. It is a hint: the schedule module turns it into a cron schedule with `fullRunCron`.
 */
const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

// Every run parses its profile's config: building an Intl formatter per parse showed in CPU profiles.
const knownTimeZones = new Map<string, boolean>();

function isTimeZone(value: string): boolean {
  let known = knownTimeZones.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    if (knownTimeZones.size < 1000) knownTimeZones.set(value, known);
  }
  return known;
}

export const timeWindowSchema = z
  .strictObject({
    start: clockTime().optional().describe('Window start, local "HH:MM".'),
    end: clockTime().optional().describe('Window end, local "HH:MM" (may be earlier than start: the window wraps midnight).'),
  })
  .superRefine((w, ctx) => {
    if ((w.start === undefined) !== (w.end === undefined)) {
      const missing = w.start === undefined ? 'start' : 'end';
      ctx.addIssue({ code: 'custom', path: [missing], message: `a window needs both start and end; set ${missing} or remove the window` });
    } else if (w.start !== undefined && w.start === w.end) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'window start and end are equal; widen the window or remove it' });
    }
  })
  .describe('Local time window; both ends or neither.');

export const fullRunSchema = z
  .strictObject({
    frequency: z.enum(['off', 'daily', 'weekly', 'monthly']).default('off').describe('How often a full run is made.'),
    at: clockTime().default('03:00').describe('Local start time of the full run.'),
    weekday: z.enum(weekdays).optional().describe('Day of a weekly full run (sun … sat).'),
    dayOfMonth: z.number().int().min(1).max(28, 'dayOfMonth can be at most 28 so every month has it').optional()
      .describe('Day of a monthly full run (1–28).'),
    timezone: z.string().default('UTC').refine(isTimeZone, { error: (i) => `unknown time zone ${JSON.stringify(i.input)}; use an IANA name such as "Europe/Berlin"` })
      .describe('IANA time zone of `at` (e.g. "Europe/Berlin").'),
    window: timeWindowSchema.optional().describe('Optional: a full run that has not finished by the window end pauses and resumes next time.'),
  })
  .superRefine((h, ctx) => {
    if (h.frequency === 'weekly' && h.weekday === undefined) {
      ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'a weekly full run needs a weekday (sun … sat)' });
    }
    if (h.frequency === 'monthly' && h.dayOfMonth === undefined) {
      ctx.addIssue({ code: 'custom', path: ['dayOfMonth'], message: 'a monthly full run needs dayOfMonth (1–28)' });
    }
  })
  .describe('Periodic full run while regular runs are deltas.');

export type FullRunConfig = z.infer<typeof fullRunSchema>;

/** The cron expression (in `timezone`) of a full-run hint, or undefined when it is off. */
export function fullRunCron(hint: FullRunConfig): string | undefined {
  const [hour, minute] = hint.at.split(':').map(Number);
  switch (hint.frequency) {
    case 'off':
      return undefined;
    case 'daily':
      return `${minute} ${hour} * * *`;
    case 'weekly':
      return `${minute} ${hour} * * ${weekdays.indexOf(hint.weekday ?? 'sun')}`;
    case 'monthly':
      return `${minute} ${hour} ${hint.dayOfMonth ?? 1} * *`;
  }
}
