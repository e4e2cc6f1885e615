import { z } from 'zod';
import { clockTime } from './ids.js';

/**
 * The periodic full run (the extension's "one-time full run daily/weekly/monthly") while regular runs
 * are deltas. The schedule module turns it into a cron schedule of the profile (`fullRunSchedule`).
 */
export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

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

export const fullRunSchema = z
  .strictObject({
    frequency: z.enum(['off', 'daily', 'weekly', 'monthly']).default('off').describe('How often a full run is made.'),
    at: clockTime().default('03:00').describe('Local start time of the full run.'),
    weekday: z.enum(weekdays).optional().describe('Day of a weekly full run (sun … sat).'),
    dayOfMonth: z.number().int().min(1).max(28, 'dayOfMonth can be at most 28 so every month has it').optional()
      .describe('Day of a monthly full run (1–28).'),
    timezone: z.string().default('UTC').refine(isTimeZone, { error: (i) => `unknown time zone ${JSON.stringify(i.input)}; use an IANA name such as "Europe/Berlin"` })
      .describe('IANA time zone of `at` (e.g. "Europe/Berlin").'),
  })
  .superRefine((h, ctx) => {
    if (h.frequency === 'weekly' && h.weekday === undefined) {
      ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'a weekly full run needs a weekday (sun … sat)' });
    }
    if (h.frequency === 'monthly' && h.dayOfMonth === undefined) {
      ctx.addIssue({ code: 'custom', path: ['dayOfMonth'], message: 'a monthly full run needs dayOfMonth (1–28)' });
    }
  })
  .describe('Periodic full run while regular runs are deltas: a schedule of the profile in its time zone (listed by profile:schedule).');

export type FullRunConfig = z.infer<typeof fullRunSchema>;
