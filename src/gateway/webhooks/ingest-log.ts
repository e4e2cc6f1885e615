import type { Logger } from 'pino';

/**
 * What the log says about stored webhooks. One JSON line per webhook at info cost more CPU than the
 * rest of a webhook's logging and metrics together, and said little the inbox row (the record of every
 * stored webhook, listed by the admin API and app) and the metrics do not: so each stored webhook is
 * one `webhook received` line at debug, and info gets a `webhooks received` summary at most once per
 * LOG_SUMMARY_EVERY_MS while webhooks arrive (and once at shutdown for the rest). Refusals keep their
 * line each (routes.ts): they are what an operator looks for.
 */

/** Period of the info summary of stored webhooks. */
export const LOG_SUMMARY_EVERY_MS = 60_000;

export interface StoredWebhook {
  source: string;
  format: string;
  outcome: 'accepted' | 'duplicate' | 'ignored';
  inboxId: number | null;
  entity?: string | undefined;
  kind?: string | undefined;
  keys?: number | undefined;
  note?: string | undefined;
  ms: number;
}

export interface IngestLog {
  /** A webhook was stored (or found a duplicate) and is being answered 200. */
  stored(webhook: StoredWebhook): void;
  /** Writes the summary of what was stored since the last one (shutdown), if anything. */
  flush(): void;
}

export function createIngestLog(logger: Logger, everyMs = LOG_SUMMARY_EVERY_MS): IngestLog {
  let counts = new Map<string, number>();
  let received = 0;
  let slowestMs = 0;
  let since = Date.now();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (received === 0) return;
    // `by` keys are `<source> <format> <outcome>`: one number per kind of traffic, whatever arrives.
    logger.info({
      received, by: Object.fromEntries(counts), slowestMs: +slowestMs.toFixed(2), seconds: Math.round((Date.now() - since) / 1000),
    }, 'webhooks received');
    counts = new Map();
    received = 0;
    slowestMs = 0;
  };

  return {
    stored(webhook) {
      if (logger.isLevelEnabled('debug')) logger.debug({ ...webhook, ms: +webhook.ms.toFixed(2) }, 'webhook received');
      if (received === 0) since = Date.now();
      received++;
      const key = `${webhook.source} ${webhook.format} ${webhook.outcome}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (webhook.ms > slowestMs) slowestMs = webhook.ms;
      // Armed by the first webhook of a period, so an idle gateway has no timer and writes nothing.
      if (!timer) {
        timer = setTimeout(flush, everyMs);
        timer.unref();
      }
    },
    flush,
  };
}
