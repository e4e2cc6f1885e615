import { z } from 'zod';

/** Upper bound on records per batch: keeps a batch's memory and a failed batch's retry cost small. */
export const MAX_BATCH_SIZE = 1000;

/** Records written per batch (one checkpoint per batch); the default comes from the profile type. */
export function batchSizeSchema(defaultSize: number) {
  return z
    .number({ error: () => 'batchSize must be a whole number' })
    .int('batchSize must be a whole number')
    .min(1, 'batchSize must be at least 1 (records written per batch)')
    .max(MAX_BATCH_SIZE, `batchSize can be at most ${MAX_BATCH_SIZE}`)
    .default(defaultSize)
    .describe(`Records written per batch; progress is checkpointed after each batch (default ${defaultSize}).`);
}
