/**
 * `retry.failedRecords`: a record that fails is remembered with its attempt count; the profile's later
 * delta and full runs collect it again (as a run for named records would) until it succeeds, reaches
 * `maxAttempts` or has been failing for longer than `maxAgeDays`. Giving up is written to the run's
 * history, naming the record and what to do.
 */
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { profileFailedRecords } from '../db/schema/index.js';
import type { RetryConfig } from './config/retry.js';
import type { NewMessage } from './history.js';
import type { Collected, Outcome, RunInput } from './profile-type.js';

/** Records one run retries at most: the rest wait for the next run (a run must stay bounded). */
export const MAX_RETRIED_PER_RUN = 1000;

export interface FailedRecordTracker {
  /** After a batch: failures counted (with give-ups as messages), successes forgotten. */
  afterBatch(outcomes: readonly Outcome[], retryIds: ReadonlyMap<string, string>): Promise<NewMessage[]>;
  /** Source ids to collect again in this run (failed in earlier runs, still within the limits). */
  due(): Promise<string[]>;
  /** Messages produced outside a batch (records given up for their age), handed over once. */
  takeMessages(): NewMessage[];
}

const t = profileFailedRecords;

export async function trackFailedRecords(
  db: Database,
  profileId: number,
  settings: RetryConfig['failedRecords'] | undefined,
  run: { startedAt: Date; input: RunInput },
): Promise<FailedRecordTracker | undefined> {
  if (!settings?.enabled) return undefined;
  const runStartedAt = run.startedAt;
  // Most runs of a healthy profile have nothing remembered: then successes cost no statement. Event
  // runs (ids) do not even ask, so an event costs nothing extra: a record they fix stays remembered
  // until the next delta or full run, which tries it once more (writes are idempotent) and forgets it.
  let remembered = run.input.mode !== 'ids'
    && (await db.select({ key: t.recordKey }).from(t).where(eq(t.profileId, profileId)).limit(1)).length > 0;
  let pending: NewMessage[] = [];
  const hint = (retryId: string) => `Fix the cause, then run the profile for it (profile:run --ids ${retryId}).`;

  return {
    async afterBatch(outcomes, retryIds) {
      const failed = new Map<string, string>();
      const succeeded: string[] = [];
      for (const o of outcomes) {
        if (o.result === 'failed') failed.set(o.key, o.reason);
        // Only a profile with records remembered forgets the ones that went through (a counted outcome
        // names no record).
        else if (remembered && !(o.result === 'skipped' && o.count !== undefined)) succeeded.push(o.key);
      }
      const messages: NewMessage[] = [];
      if (remembered && succeeded.length > 0) {
        await db.delete(t).where(and(eq(t.profileId, profileId), inArray(t.recordKey, succeeded)));
      }
      if (failed.size === 0) return messages;
      remembered = true;
      const now = new Date();
      const rows = [...failed].map(([recordKey, reason]) => ({
        profileId, recordKey, retryId: retryIds.get(recordKey) ?? recordKey, reason, attempts: 1,
        firstFailedAt: now, lastFailedAt: now, gaveUpAt: settings.maxAttempts <= 1 ? now : null,
      }));
      const written = await db.insert(t).values(rows)
        .onConflictDoUpdate({
          target: [t.profileId, t.recordKey],
          set: {
            attempts: sql`${t.attempts} + 1`,
            reason: sql`excluded.reason`,
            retryId: sql`excluded.retry_id`,
            lastFailedAt: now,
            gaveUpAt: sql`case when ${t.attempts} + 1 >= ${settings.maxAttempts} then coalesce(${t.gaveUpAt}, ${now.toISOString()}::timestamptz) else null end`,
          },
        })
        .returning({ recordKey: t.recordKey, retryId: t.retryId, attempts: t.attempts, reason: t.reason });
      for (const row of written) {
        // Said once, when the limit is reached; later failures of a given-up record only count.
        if (row.attempts !== settings.maxAttempts) continue;
        messages.push({
          level: 'error',
          recordKey: row.recordKey,
          message: `Not retried any more: failed ${row.attempts} times (retry.failedRecords.maxAttempts), last with: ${row.reason} ${hint(row.retryId)}`,
        });
      }
      return messages;
    },

    async due() {
      if (!remembered) return [];
      const oldest = new Date(runStartedAt.getTime() - settings.maxAgeDays * 86_400_000);
      const expired = await db.update(t).set({ gaveUpAt: new Date() })
        .where(and(eq(t.profileId, profileId), isNull(t.gaveUpAt), lt(t.firstFailedAt, oldest)))
        .returning({ recordKey: t.recordKey, retryId: t.retryId, attempts: t.attempts, reason: t.reason });
      pending = pending.concat(expired.map((row) => ({
        level: 'error' as const,
        recordKey: row.recordKey,
        message: `Not retried any more: still failing after ${settings.maxAgeDays} days (retry.failedRecords.maxAgeDays, ${row.attempts} attempts), last with: ${row.reason} ${hint(row.retryId)}`,
      })));
      // Only failures of earlier runs: a record that failed in this run is tried by the next one.
      const rows = await db.select({ retryId: t.retryId }).from(t)
        .where(and(eq(t.profileId, profileId), isNull(t.gaveUpAt), lt(t.lastFailedAt, runStartedAt)))
        .orderBy(t.lastFailedAt).limit(MAX_RETRIED_PER_RUN);
      return [...new Set(rows.map((r) => r.retryId))];
    },

    takeMessages() {
      const out = pending;
      pending = [];
      return out;
    },
  };
}

/** The `retry.failedRecords` settings of a parsed config; undefined for a type without common settings. */
export function failedRecordSettings(config: unknown): RetryConfig['failedRecords'] | undefined {
  return (config as { retry?: Partial<RetryConfig> } | undefined)?.retry?.failedRecords;
}

/**
 * The run's records: the main collection, then (delta and full runs only) the records that failed in
 * earlier runs, collected as a run for named records would. Those carry no checkpoint: a resumed run
 * finishes its main collection and then asks again which records are due.
 */
export async function* withFailedRecordRetries<Raw>(
  main: AsyncIterable<Collected<Raw>>,
  tracker: FailedRecordTracker | undefined,
  input: RunInput,
  collectIds: (ids: string[]) => AsyncIterable<Collected<Raw>>,
): AsyncGenerator<Collected<Raw>> {
  yield* main;
  if (!tracker || input.mode === 'ids') return;
  const ids = await tracker.due();
  if (ids.length === 0) return;
  for await (const item of collectIds(ids)) {
    const { checkpoint: _checkpoint, ...rest } = item;
    yield rest;
  }
}
