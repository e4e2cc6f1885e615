import type { DatabaseHandle } from '../db/client.js';
import { createInboxStore } from '../gateway/inbox/store.js';
import type { Logger } from '../logger.js';
import { emailChannel } from './channels/email.js';
import type { AlertChannel } from './channels/port.js';
import { webhookChannel } from './channels/webhook.js';
import type { AlertSettings } from './settings.js';
import { rowOf, type AlertRow, type AlertStore } from './store.js';

export interface AlertDispatcher {
  /** Starts the loop: delivery at most once per interval, the inbox lag check, retention. */
  start(): void;
  /**
   * One pass: checks the inbox lag, then sends the pending alerts as one message per channel if the
   * interval since the last message (of any process) has passed. Returns the alerts it delivered.
   */
  tick(): Promise<AlertRow[]>;
  stop(): Promise<void>;
}

// Longest a dispatcher holds claimed alerts while sending; a crashed one's alerts are taken again after.
const CLAIM_S = 120;
// One message carries at most this many alerts; the rest go in the next interval's.
const BATCH_LIMIT = 200;
const PRUNE_EVERY_MS = 3_600_000;

export function channelsOf(settings: AlertSettings): AlertChannel[] {
  return [
    ...(settings.email ? [emailChannel(settings.email)] : []),
    ...(settings.webhook ? [webhookChannel(settings.webhook)] : []),
  ];
}

const column = { email: 'emailed_at', webhook: 'posted_at' } as const;

/**
 * Delivers alerts from the database. Every `serve` and `worker` process runs one; a single-row clock
 * (`alert_dispatch`) lets only one of them send per interval, and claims keep two from sending the same
 * alert. An alert that did not reach a channel stays pending for that channel and goes with the next batch.
 */
export function createAlertDispatcher(options: {
  db: DatabaseHandle;
  store: AlertStore;
  settings: AlertSettings;
  log: Logger;
  channels?: AlertChannel[];
}): AlertDispatcher {
  const { db, store, settings, log } = options;
  const q = db.query.bind(db);
  const channels = options.channels ?? channelsOf(settings);
  const inbox = createInboxStore(db);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let lastPrune = 0;

  const checkInboxLag = async () => {
    const lag = await inbox.lag();
    if (lag.pending > 0 && lag.oldestAgeS >= settings.inboxLagS) {
      await store.raise({
        kind: 'inbox-lag', key: 'inbox-lag', level: 'warning',
        title: `Webhook inbox lagging: ${lag.pending} pending, oldest ${Math.round(lag.oldestAgeS)} s old`,
        detail: `Accepted webhooks wait longer than ${settings.inboxLagS} s to reach the queue: is Redis (or the queue) reachable, are workers running?`,
      });
    }
  };

  const deliver = async (): Promise<AlertRow[]> => {
    if (channels.length === 0) return [];
    await q(`insert into alert_dispatch (id) values (1) on conflict do nothing`);
    const gate = await q(
      `update alert_dispatch set last_batch_at = now()
       where id = 1 and (last_batch_at is null or last_batch_at <= now() - make_interval(secs => $1))
         and exists (select 1 from alerts where status = 'pending' and (claimed_until is null or claimed_until < now()))
       returning id`,
      [settings.intervalMs / 1000],
    );
    if (gate.length === 0) return [];
    const claimed = await q<Record<string, unknown>>(
      `update alerts set claimed_until = now() + make_interval(secs => $1)
       where id in (select id from alerts where status = 'pending' and (claimed_until is null or claimed_until < now())
                    order by id limit $2 for update skip locked)
       returning *`,
      [CLAIM_S, BATCH_LIMIT],
    );
    const raw = claimed.sort((a, b) => Number(a.id) - Number(b.id));
    const errors: string[] = [];
    for (const channel of channels) {
      const batch = raw.filter((r) => r[column[channel.name]] === null).map((r) => rowOf(r as never));
      if (batch.length === 0) continue;
      try {
        await channel.send(batch);
        await q(`update alerts set ${column[channel.name]} = now() where id = any($1::bigint[])`, [batch.map((a) => a.id)]);
      } catch (error) {
        errors.push(`${channel.name}: ${(error as Error).message}`);
        log.warn({ channel: channel.name, alerts: batch.length, err: (error as Error).message }, 'alert delivery failed; retried next interval');
      }
    }
    const ids = raw.map((r) => Number(r.id));
    const delivered = channels.map((c) => `${column[c.name]} is not null`).join(' and ');
    const sent = await q<Record<string, unknown>>(
      `update alerts set status = 'sent', sent_at = now(), claimed_until = null, attempts = attempts + 1
       where id = any($1::bigint[]) and ${delivered} returning *`,
      [ids],
    );
    if (errors.length) {
      await q(
        `update alerts set claimed_until = null, attempts = attempts + 1, last_error = $2 where id = any($1::bigint[]) and status = 'pending'`,
        [ids, errors.join('; ').slice(0, 2000)],
      );
    }
    return sent.map((r) => rowOf(r as never));
  };

  const tick = async (): Promise<AlertRow[]> => {
    await checkInboxLag();
    const sent = await deliver();
    if (Date.now() - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      await store.prune({ undelivered: channels.length === 0 });
    }
    return sent;
  };

  const loop = () => {
    running = tick()
      .catch((error: unknown) => log.warn({ err: (error as Error).message }, 'alert dispatch failed'))
      .finally(() => {
        running = undefined;
        if (timer) timer = setTimeout(loop, Math.min(settings.intervalMs, 5_000)).unref();
      });
  };

  return {
    start() {
      if (timer) return;
      timer = setTimeout(loop, 0).unref();
    },
    tick,
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
      for (const c of channels) c.close();
    },
  };
}
