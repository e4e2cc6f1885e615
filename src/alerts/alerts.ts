import type { DatabaseHandle } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { AlertSettings } from './settings.js';
import { createAlertStore, type AlertStore, type NewAlert } from './store.js';

/** What a profile run reports (the runner takes only this part, and runs without it). */
export interface RunAlerts {
  runFailed(event: { profileId: number; typeId: string; runId: number; error: string }): Promise<void>;
  /** Failed records of one batch; each failure is counted, and a record reaching the threshold raises an alert. */
  recordsFailed(event: { profileId: number; typeId: string; runId: number; failures: { key: string; reason: string }[] }): Promise<void>;
}

export interface Alerts extends RunAlerts {
  store: AlertStore;
  settings: AlertSettings;
  /** A job that used up its attempts (or failed for good) and now waits in the dead-letter list. */
  deadLetter(event: { queue: string; jobId: string; subject?: string; error: string }): Promise<void>;
  /** PlentyONE refused a call for lack of budget (429). Fire and forget: never slows the call down. */
  budgetExhausted(event: { credential: string; route: string }): void;
}

/**
 * The events that reach a person: each becomes an alert row (see store.ts for threshold and
 * suppression) that the dispatcher delivers. Raising never fails the caller: a database hiccup while
 * recording an alert is logged, the run or job goes on.
 */
export function createAlerts(options: { db: DatabaseHandle; settings: AlertSettings; log: Logger }): Alerts {
  const { settings, log } = options;
  const store = createAlertStore(options.db, settings);
  const raise = async (alert: NewAlert) => {
    try {
      await store.raise(alert);
    } catch (error) {
      log.warn({ err: (error as Error).message, alert: alert.key }, 'alert not recorded');
    }
  };
  return {
    store,
    settings,
    runFailed: ({ typeId, runId, error }) => raise({
      kind: 'run-failed', key: `run-failed:${typeId}`, level: 'error',
      title: `Run ${runId} of ${typeId} failed`,
      detail: `${error}\nHistory: plentygate profile:history --run ${runId}`,
    }),
    async recordsFailed({ profileId, typeId, runId, failures }) {
      let reached: Awaited<ReturnType<AlertStore['countRecordFailures']>>;
      try {
        reached = await store.countRecordFailures(profileId, failures);
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'record failures not counted');
        return;
      }
      for (const { key, reason, failures: count } of reached) {
        await raise({
          kind: 'record-failing', key: `record-failing:${typeId}:${key}`, level: 'warning',
          title: `Record ${key} of ${typeId} failed ${count} times`,
          detail: `Last failure (run ${runId}): ${reason}`,
        });
      }
    },
    deadLetter: ({ queue, jobId, subject, error }) => raise({
      kind: 'dead-letter', key: `dead-letter:${queue}:${subject ?? ''}`, level: 'error',
      title: `Job ${queue}/${jobId}${subject ? ` (${subject})` : ''} failed for good and is in the dead-letter list`,
      detail: `${error}\nReplay: plentygate dlq:replay --id ${queue}/${jobId}`,
    }),
    budgetExhausted({ credential, route }) {
      void raise({
        kind: 'plenty-budget', key: `plenty-budget:${credential}`, level: 'warning',
        title: `PlentyONE call budget of "${credential}" exhausted`,
        detail: `PlentyONE answered 429 to ${route}. ` +
          'Calls wait for the budget; other users of the same API account draw on it too.',
      });
    },
  };
}
