import { z } from 'zod';

/** Per-profile request/response logging (bodies are logged with credentials redacted) and history retention. */
export const loggingSchema = z
  .strictObject({
    requests: z.boolean().default(false).describe('Log each API call of this profile\'s runs with its request body (secrets redacted, at most 2,000 characters).'),
    responses: z.boolean().default(false).describe('Log each API call of this profile\'s runs with its response body (secrets redacted, at most 2,000 characters).'),
    historyDays: z.number().int().min(1).max(365).default(7).describe('Days run history is kept; the nightly cleanup (03:15 UTC) deletes older finished runs.'),
  })
  .describe('Logging of this profile.');

export type LoggingConfig = z.infer<typeof loggingSchema>;
