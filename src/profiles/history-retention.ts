import type { Database } from '../db/client.js';
import { profiles } from '../db/schema/index.js';
import { loggingSchema } from './config/logging.js';
import { createHistory } from './history.js';

export interface RetentionResult {
  /** Runs deleted per profile id (profiles with nothing to delete are left out). */
  deleted: Record<number, number>;
}

/**
 * The nightly history cleanup: each profile's finished runs older than its `logging.historyDays` go,
 * with their messages. Running runs are kept whatever their age.
 */
export async function cleanHistoryByRetention(db: Database): Promise<RetentionResult> {
  const history = createHistory(db);
  const deleted: Record<number, number> = {};
  for (const { id, config } of await db.select({ id: profiles.id, config: profiles.config }).from(profiles)) {
    const parsed = loggingSchema.safeParse((config as { logging?: unknown }).logging ?? {});
    // A hand-edited config that no longer validates keeps the default retention rather than all history.
    const days = parsed.success ? parsed.data.historyDays : loggingSchema.parse({}).historyDays;
    const count = await history.clean(days, id);
    if (count > 0) deleted[id] = count;
  }
  return { deleted };
}
