import { signStandardWebhook } from '../../gateway/verify/standard-webhooks.js';
import type { AlertRow } from '../store.js';
import { payloadOf } from './message.js';
import type { AlertChannel } from './port.js';

/**
 * Outgoing Standard Webhooks: the JSON batch signed with the `whsec_` secret (webhook-id,
 * webhook-timestamp, webhook-signature), signed by the same code the gateway verifies incoming ones with.
 * The id is derived from the alerts it carries, so a retried batch keeps its id and receivers can dedupe.
 */
export function webhookChannel(options: { url: string; secret: string; timeoutMs?: number }): AlertChannel {
  return {
    name: 'webhook',
    async send(batch: readonly AlertRow[]) {
      const body = payloadOf(batch);
      const id = `msg_alerts_${batch[0]?.id}_${batch.at(-1)?.id}_${batch.length}`;
      const headers = signStandardWebhook(body, options.secret, { id });
      const res = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) throw new Error(`the alert webhook answered ${res.status}`);
    },
    close() {},
  };
}
