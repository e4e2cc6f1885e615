import type { DatabaseHandle } from '../db/client.js';
import type { alerts } from '../db/schema/index.js';
import { levelRank, type AlertLevel, type AlertSettings } from './settings.js';

export type AlertKind = 'run-failed' | 'record-failing' | 'dead-letter' | 'inbox-lag' | 'plenty-budget' | 'integrity' | 'test';

export interface NewAlert {
  kind: AlertKind;
  /** Alerts with the same key within the suppression window are one alert (with a repeat count). */
  key: string;
  level: AlertLevel;
  title: string;
  detail?: string;
}

export type AlertRow = Pick<typeof alerts.$inferSelect,
  'id' | 'kind' | 'key' | 'level' | 'title' | 'detail' | 'repeats' | 'status' | 'createdAt' | 'lastSeenAt' | 'sentAt' | 'attempts' | 'lastError'>;

export type RaiseOutcome = 'recorded' | 'suppressed' | 'below-threshold';

// Alert text comes from errors of the remote systems: bounded so one huge answer cannot bloat a message.
const MAX_DETAIL = 4000;

interface Raw {
  id: unknown; kind: string; key: string; level: AlertLevel; title: string; detail: string; repeats: unknown;
  status: 'pending' | 'sent'; created_at: unknown; last_seen_at: unknown; sent_at: unknown; attempts: unknown; last_error: string | null;
  emailed_at?: unknown; posted_at?: unknown;
}

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

export function rowOf(r: Raw): AlertRow {
  return {
    id: Number(r.id), kind: r.kind, key: r.key, level: r.level, title: r.title, detail: r.detail, repeats: Number(r.repeats),
    status: r.status, createdAt: date(r.created_at)!, lastSeenAt: date(r.last_seen_at)!, sentAt: date(r.sent_at),
    attempts: Number(r.attempts), lastError: r.last_error,
  };
}

export interface AlertStore {
  /** Records an alert unless it is below the level threshold or repeats one raised within the window. */
  raise(alert: NewAlert): Promise<RaiseOutcome>;
  list(options?: { limit?: number; status?: 'pending' | 'sent' }): Promise<AlertRow[]>;
  /**
   * Counts one failure for each record (one statement for a batch); returns the records whose count
   * reached the alert threshold, with it (their count then starts again).
   */
  countRecordFailures(profileId: number, failures: readonly { key: string; reason: string }[]): Promise<{ key: string; reason: string; failures: number }[]>;
  /**
   * Deletes sent alerts and idle failure counts older than the retention; with `undelivered` (no channel
   * is configured, so nothing will ever send them) unsent ones too. Returns the alerts deleted.
   */
  prune(options?: { undelivered?: boolean }): Promise<number>;
}

export function createAlertStore(handle: DatabaseHandle, settings: Pick<AlertSettings, 'level' | 'suppressMs' | 'retentionDays' | 'recordFailures'>): AlertStore {
  const q = handle.query.bind(handle);
  return {
    async raise(alert) {
      if (levelRank(alert.level) < levelRank(settings.level)) return 'below-threshold';
      const detail = (alert.detail ?? '').slice(0, MAX_DETAIL);
      if (settings.suppressMs > 0) {
        const bumped = await q(
          `update alerts set repeats = repeats + 1, last_seen_at = now()
           where id = (select id from alerts where key = $1 and created_at > now() - make_interval(secs => $2)
                       order by created_at desc limit 1)
           returning id`,
          [alert.key, settings.suppressMs / 1000],
        );
        if (bumped.length) return 'suppressed';
      }
      await q(`insert into alerts (kind, key, level, title, detail) values ($1, $2, $3, $4, $5)`,
        [alert.kind, alert.key, alert.level, alert.title.slice(0, 500), detail]);
      return 'recorded';
    },
    async list(options = {}) {
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
      const rows = options.status
        ? await q<Raw>(`select * from alerts where status = $1 order by id desc limit $2`, [options.status, limit])
        : await q<Raw>(`select * from alerts order by id desc limit $1`, [limit]);
      return rows.map(rowOf);
    },
    async countRecordFailures(profileId, failures) {
      // One row per key: PostgreSQL refuses an upsert touching the same row twice (a key failing twice in a batch).
      const byKey = new Map(failures.map((f) => [f.key, f.reason.slice(0, MAX_DETAIL)]));
      if (byKey.size === 0) return [];
      const rows = await q<{ record_key: string; failures: unknown; last_error: string }>(
        `insert into alert_record_failures (profile_id, record_key, failures, last_error)
         select $1, r.key, 1, r.reason from jsonb_to_recordset($2::jsonb) as r(key text, reason text)
         on conflict (profile_id, record_key) do update set
           failures = case when alert_record_failures.failures >= $3 then 1 else alert_record_failures.failures + 1 end,
           last_error = excluded.last_error, updated_at = now()
         returning record_key, failures, last_error`,
        [profileId, JSON.stringify([...byKey].map(([key, reason]) => ({ key, reason }))), settings.recordFailures],
      );
      return rows
        .filter((r) => Number(r.failures) === settings.recordFailures)
        .map((r) => ({ key: r.record_key, reason: r.last_error, failures: Number(r.failures) }));
    },
    async prune(options = {}) {
      const days = settings.retentionDays;
      const deleted = await q(
        `delete from alerts where (status = 'sent' and sent_at < now() - make_interval(days => $1))
           or ($2 and last_seen_at < now() - make_interval(days => $1)) returning id`,
        [days, options.undelivered === true],
      );
      await q(`delete from alert_record_failures where updated_at < now() - make_interval(days => $1)`, [days]);
      return deleted.length;
    },
  };
}
