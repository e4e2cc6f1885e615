import { z } from 'zod';
import type { Alerts } from '../../alerts/alerts.js';
import { ConfigError } from '../../config.js';
import type { Logger } from '../../logger.js';
import { integrityReport, issuesOf, type IntegrityDeps } from './report.js';

const setting = z.object({
  PLENTYGATE_INTEGRITY_REPORT_HOURS: z.string().trim().optional()
    .transform((v) => (v === undefined || v === '' ? 0 : Number(v)))
    .refine((v) => Number.isInteger(v) && v >= 0 && v <= 24 * 365, 'expected whole hours between reports (0 or unset: no scheduled report)'),
});

/** `PLENTYGATE_INTEGRITY_REPORT_HOURS`: hours between scheduled integrity reports; 0 (default) turns them off. */
export function integrityReportHours(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = setting.safeParse({ PLENTYGATE_INTEGRITY_REPORT_HOURS: env.PLENTYGATE_INTEGRITY_REPORT_HOURS });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `PLENTYGATE_INTEGRITY_REPORT_HOURS: ${i.message}`));
  return parsed.data.PLENTYGATE_INTEGRITY_REPORT_HOURS;
}

// The shared clock row of the scheduled report (row 1 is the alert batches').
const CLOCK_ROW = 2;
const MAX_LINES = 50;

export interface IntegritySchedule {
  /** Runs the report if its interval (across all processes) has passed; true when it ran. */
  tick(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * The integrity report on a schedule, sent as an alert (so over the alert channels: e-mail, webhook):
 * level warning when it found issues, info when all is well. Every serve and worker process runs the
 * timer; a shared clock in the database lets one of them run the report per interval.
 */
export function startIntegritySchedule(options: IntegrityDeps & { alerts: Alerts; everyHours: number; log: Logger; checkEveryMs?: number }): IntegritySchedule {
  const { db, alerts, log } = options;
  let running: Promise<unknown> | undefined;
  const tick = async () => {
    await db.query(`insert into alert_dispatch (id) values ($1) on conflict do nothing`, [CLOCK_ROW]);
    const due = await db.query(
      `update alert_dispatch set last_batch_at = now()
       where id = $1 and (last_batch_at is null or last_batch_at <= now() - make_interval(hours => $2)) returning id`,
      [CLOCK_ROW, options.everyHours],
    );
    if (due.length === 0) return false;
    const report = await integrityReport(options);
    const issues = issuesOf(report);
    const checks = (['orders', 'variations', 'stock'] as const).flatMap((c) => {
      const r = report[c];
      return r ? [`${c}: ${r.skipped ? `not checked (${r.skipped})` : `${r.checked} compared, ${r.issues.length} issue(s)`}`] : [];
    });
    const lines = issues.slice(0, MAX_LINES).map((i) => `${i.problem} ${i.key}: ${i.detail}`);
    if (issues.length > MAX_LINES) lines.push(`… and ${issues.length - MAX_LINES} more (plentygate report:integrity).`);
    await alerts.store.raise({
      kind: 'integrity', key: `integrity:${report.generatedAt}`, level: issues.length ? 'warning' : 'info',
      title: issues.length ? `Integrity report: ${issues.length} issue(s) between Magento and PlentyONE` : 'Integrity report: Magento and PlentyONE agree',
      detail: [...checks, ...lines, ...(issues.length ? ['Queue the affected records: plentygate report:integrity --fix'] : [])].join('\n'),
    });
    return true;
  };
  const timer = setInterval(() => {
    running ??= tick()
      .catch((error: unknown) => log.warn({ err: (error as Error).message }, 'scheduled integrity report failed'))
      .finally(() => { running = undefined; });
  }, options.checkEveryMs ?? 60_000).unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
