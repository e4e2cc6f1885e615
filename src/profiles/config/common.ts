import { batchSizeSchema } from './batch.js';
import { collectionSchema, type pageSizeLimits } from './collection.js';
import { connectionSchema } from './connection.js';
import { fullRunSchema } from './full-run.js';
import { loggingSchema } from './logging.js';
import { retrySchema } from './retry.js';

/**
 * Settings every profile has (FEATURES "Settings every profile has"), spread into each type's schema so
 * they sit at the same keys everywhere: `connection`, `collection`, `batchSize`, `retry`, `fullRun`,
 * `logging`. The runner reads `batchSize` and `collection` from any profile's config by these names.
 */
export function commonSettingsShape(options: { source: keyof typeof pageSizeLimits; batchSize: number }) {
  return {
    connection: connectionSchema.prefault({}),
    collection: collectionSchema(options.source).prefault({}),
    batchSize: batchSizeSchema(options.batchSize),
    retry: retrySchema.prefault({}),
    fullRun: fullRunSchema.prefault({}),
    logging: loggingSchema.prefault({}),
  };
}
