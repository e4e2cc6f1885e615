import type { DatabaseHandle } from '../db/client.js';
import type { Logger } from '../logger.js';
import { createAlertDispatcher } from './dispatcher.js';
import type { AlertSettings } from './settings.js';
import type { AlertStore } from './store.js';

/** What became of a test alert: `alert:test` prints the message and exits with the code. */
export interface TestAlertOutcome {
  outcome: 'no-channel' | 'delivered' | 'not-delivered' | 'deferred';
  message: string;
  exitCode: 0 | 1 | 2;
}

/**
 * Raises a test alert and delivers it now over the configured channels (e-mail, webhook). The same for
 * `plentygate alert:test` in its own process and for serve's admin API (the CLI's path while serve holds
 * the embedded database), so both say the same thing.
 */
export async function sendTestAlert(deps: { db: DatabaseHandle; store: AlertStore; settings: AlertSettings; log: Logger }, source: string): Promise<TestAlertOutcome> {
  const s = deps.settings;
  if (!s.email && !s.webhook) {
    return { outcome: 'no-channel', exitCode: 2, message: 'No alert channel is configured: set PLENTYGATE_ALERT_SMTP_URL (with _EMAIL_FROM and _EMAIL_TO) or PLENTYGATE_ALERT_WEBHOOK_URL (with _WEBHOOK_SECRET).' };
  }
  await deps.store.raise({ kind: 'test', key: `test:${Date.now()}`, level: 'error', title: 'Test alert from plentygate', detail: `Sent by ${source}.` });
  const dispatcher = createAlertDispatcher({ db: deps.db, store: deps.store, settings: s, log: deps.log });
  try {
    const sent = await dispatcher.tick();
    if (sent.length) {
      return { outcome: 'delivered', exitCode: 0, message: `Delivered ${sent.length} alert(s) to ${[s.email && s.email.to.join(', '), s.webhook && s.webhook.url].filter(Boolean).join(' and ')}.` };
    }
    const pending = await deps.store.list({ status: 'pending', limit: 1 });
    if (pending[0]?.lastError) return { outcome: 'not-delivered', exitCode: 1, message: `Not delivered: ${pending[0].lastError}` };
    return { outcome: 'deferred', exitCode: 0, message: 'Recorded; another message went out less than PLENTYGATE_ALERT_INTERVAL_S ago, so it goes with the next one.' };
  } finally {
    await dispatcher.stop();
  }
}
