import { z } from 'zod';

/** Per-profile request/response logging (bodies are logged with credentials redacted) and history retention. */
export const loggingSchema = z
  .strictObject({
    requests: z.boolean().default(false).describe('Log the API requests this profile makes.'),
    responses: z.boolean().default(false).describe('Log the API responses this profile receives.'),
    historyDays: z.number().int().min(1).max(365).default(7).describe('Days run history is kept before the nightly cleanup.'),
  })
  .describe('Logging of this profile.');

export type LoggingConfig = z.infer<typeof loggingSchema>;
