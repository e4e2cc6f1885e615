import { z } from 'zod';
import { ConfigError } from '../config.js';
import { secretKeyBytes } from '../gateway/verify/standard-webhooks.js';

/**
 * Alert settings, read from the environment. Alerts are always recorded (above the level threshold);
 * they are delivered by e-mail when PLENTYGATE_ALERT_SMTP_URL is set and as signed webhooks when
 * PLENTYGATE_ALERT_WEBHOOK_URL is set.
 */
export const alertLevels = ['info', 'warning', 'error'] as const;
export type AlertLevel = (typeof alertLevels)[number];

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const int = (min: number, fallback: number, what: string) =>
  z.coerce.number({ message: `expected ${what}` }).int(`expected ${what}`).min(min, `expected ${what} of at least ${min}`).default(fallback);

const url = (protocols: string[], what: string) => optionalText.refine(
  (v) => v === undefined || (protocols.some((p) => v.startsWith(p)) && URL.canParse(v)),
  `expected a ${what} URL starting with ${protocols.join(' or ')}`,
);

const addresses = optionalText.transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

export const alertSettingsSchema = z.object({
  PLENTYGATE_ALERT_SMTP_URL: url(['smtp://', 'smtps://'], 'SMTP'),
  PLENTYGATE_ALERT_EMAIL_FROM: optionalText,
  PLENTYGATE_ALERT_EMAIL_TO: addresses,
  // Alert texts carry error details from both systems: plain http only where it never leaves the machine.
  PLENTYGATE_ALERT_WEBHOOK_URL: url(['https://', 'http://'], 'webhook').refine(
    (v) => v === undefined || v.startsWith('https://') || ['localhost', '127.0.0.1', '[::1]'].includes(new URL(v).hostname),
    'expected an https:// URL (plain http:// only to localhost)',
  ),
  PLENTYGATE_ALERT_WEBHOOK_SECRET: optionalText.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const key = secretKeyBytes(v);
    if (!v.startsWith('whsec_') || key.length < 24) {
      ctx.addIssue({ code: 'custom', message: 'expected whsec_ followed by at least 24 base64-encoded bytes (e.g. `echo whsec_$(openssl rand -base64 32)`)' });
      return z.NEVER;
    }
    return v;
  }),
  PLENTYGATE_ALERT_LEVEL: z.enum(alertLevels, { message: `expected one of ${alertLevels.join(', ')}` }).default('warning'),
  PLENTYGATE_ALERT_INTERVAL_S: int(1, 300, 'seconds between alert messages'),
  PLENTYGATE_ALERT_SUPPRESS_S: int(0, 3600, 'seconds a repeated alert is folded into the first'),
  PLENTYGATE_ALERT_RETENTION_DAYS: int(1, 30, 'days sent alerts are kept'),
  PLENTYGATE_ALERT_RECORD_FAILURES: int(1, 3, 'failures of one record that raise an alert'),
  PLENTYGATE_ALERT_INBOX_LAG_S: int(1, 300, 'seconds the oldest pending webhook may wait'),
}).superRefine((p, ctx) => {
  if (p.PLENTYGATE_ALERT_SMTP_URL && (!p.PLENTYGATE_ALERT_EMAIL_FROM || p.PLENTYGATE_ALERT_EMAIL_TO.length === 0)) {
    ctx.addIssue({ code: 'custom', path: [p.PLENTYGATE_ALERT_EMAIL_FROM ? 'PLENTYGATE_ALERT_EMAIL_TO' : 'PLENTYGATE_ALERT_EMAIL_FROM'], message: 'is required when PLENTYGATE_ALERT_SMTP_URL is set' });
  }
  if (p.PLENTYGATE_ALERT_WEBHOOK_URL && !p.PLENTYGATE_ALERT_WEBHOOK_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['PLENTYGATE_ALERT_WEBHOOK_SECRET'], message: 'is required when PLENTYGATE_ALERT_WEBHOOK_URL is set (receivers verify the signature)' });
  }
});

export interface AlertSettings {
  email: { smtpUrl: string; from: string; to: string[] } | undefined;
  webhook: { url: string; secret: string } | undefined;
  /** Alerts below this level are neither recorded nor sent. */
  level: AlertLevel;
  intervalMs: number;
  suppressMs: number;
  retentionDays: number;
  recordFailures: number;
  inboxLagS: number;
}

export function levelRank(level: AlertLevel): number {
  return alertLevels.indexOf(level);
}

/** Reads the alert settings; throws ConfigError listing every problem. */
export function loadAlertSettings(env: NodeJS.ProcessEnv = process.env): AlertSettings {
  const given = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('PLENTYGATE_ALERT_')));
  const result = alertSettingsSchema.safeParse(given);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${String(i.path[0] ?? '(environment)')}: ${i.message}`));
  }
  const p = result.data;
  return {
    email: p.PLENTYGATE_ALERT_SMTP_URL
      ? { smtpUrl: p.PLENTYGATE_ALERT_SMTP_URL, from: p.PLENTYGATE_ALERT_EMAIL_FROM!, to: p.PLENTYGATE_ALERT_EMAIL_TO }
      : undefined,
    webhook: p.PLENTYGATE_ALERT_WEBHOOK_URL
      ? { url: p.PLENTYGATE_ALERT_WEBHOOK_URL, secret: p.PLENTYGATE_ALERT_WEBHOOK_SECRET! }
      : undefined,
    level: p.PLENTYGATE_ALERT_LEVEL,
    intervalMs: p.PLENTYGATE_ALERT_INTERVAL_S * 1000,
    suppressMs: p.PLENTYGATE_ALERT_SUPPRESS_S * 1000,
    retentionDays: p.PLENTYGATE_ALERT_RETENTION_DAYS,
    recordFailures: p.PLENTYGATE_ALERT_RECORD_FAILURES,
    inboxLagS: p.PLENTYGATE_ALERT_INBOX_LAG_S,
  };
}
