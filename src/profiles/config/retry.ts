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
        enabled: z.boolean().default(true).describe('Delta and full runs try again the records that failed in earlier runs.'),
        maxAttempts: z.number().int().min(1).max(100).default(5).describe('Give a record up after this many failed tries.'),
        maxAgeDays: z.number().int().min(1).max(365).default(7).describe('Stop retrying a record that has been failing for longer than this many days.'),
      })
      .prefault({})
      .describe('Retry of individual records that failed; giving one up is written to the run history.'),
  })
  .describe('Retry behaviour.');

export type RetryConfig = z.infer<typeof retrySchema>;

// Kept for callers that import it from here; the function lives with the runner's modules.
export { runJobRetry } from '../run-retry.js';
