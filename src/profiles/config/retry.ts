import { z } from 'zod';

/**
 * Two kinds of retry: the run's job retries after a fatal error (resuming from its checkpoint), and
 * records that failed are retried by later runs up to a limit and an age (the extension's "retry
 * failed exports … only recent").
 */
export const retrySchema = z
  .strictObject({
    attempts: z.number().int().min(1, 'attempts must be at least 1 (the first try counts)').max(20).default(5)
      .describe('Tries of a run after fatal errors (API down, token revoked), including the first.'),
    backoff: z.enum(['exponential', 'fixed']).default('exponential').describe('How the wait between tries grows.'),
    // Short by default: most fatal errors are blips (a 503, a dropped connection), and an event's order
    // should not wait half a minute for one; exponential backoff stretches a real outage (2+4+8+16 s).
    delaySeconds: z.number().int().min(1).max(3600).default(2).describe('Wait before the first retry.'),
    failedRecords: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Retry records that failed in earlier runs.'),
        maxAttempts: z.number().int().min(1).max(100).default(5).describe('Give a record up after this many failed tries.'),
        maxAgeDays: z.number().int().min(1).max(365).default(7).describe('Only retry records whose source changed within this many days.'),
      })
      .prefault({})
      .describe('Retry of individual records that failed.'),
  })
  .describe('Retry behaviour.');

export type RetryConfig = z.infer<typeof retrySchema>;

/** The queue's retry options of a run job, from the profile's stored config (defaults where it says nothing). */
export function runJobRetry(config: unknown): { attempts: number; backoff: { type: 'exponential' | 'fixed'; delayMs: number; jitter: number } } {
  const stored = typeof config === 'object' && config !== null ? (config as { retry?: unknown }).retry : undefined;
  const parsed = retrySchema.safeParse(stored ?? {});
  // A config that fails validation cannot be active; a manual run of it fails at once and says why.
  const retry = parsed.success ? parsed.data : retrySchema.parse({});
  return { attempts: retry.attempts, backoff: { type: retry.backoff, delayMs: retry.delaySeconds * 1000, jitter: 0.2 } };
}
