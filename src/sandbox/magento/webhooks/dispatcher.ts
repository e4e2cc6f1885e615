import { randomUUID } from 'node:crypto';
import type { MagentoStore, StoreChange } from '../store/index.js';
import { WebhookAbortError } from '../store/index.js';
import { resolveTarget, type WebhookTarget, type WebhookTargetInput } from './config.js';
import { describeChange, type WebhookEvent } from './events.js';
import { renderWebhook } from './formats.js';
import { generateStandardSecret, type WebhookKeyPair } from './signing.js';

export interface WebhookDelivery {
  seq: number;
  at: string;
  targetId: string;
  format: WebhookTarget['format'];
  mode: 'sync' | 'async';
  type: string;
  url: string;
  /** 0 when no answer came (connection error, timeout). */
  status: number;
  ok: boolean;
  error: string | null;
  durationMs: number;
}

const RECENT_LIMIT = 500;

/**
 * Posts every store change to the configured targets. Synchronous targets are called before the
 * change is committed (a failure of a required one aborts it, as in Adobe Commerce); asynchronous
 * ones after it, fire-and-forget. `drain()` waits for the asynchronous deliveries in flight.
 */
export class WebhookDispatcher {
  private list: WebhookTarget[] = [];
  private readonly recent: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private seq = 0;
  private sent = 0;
  private failed = 0;
  private readonly instanceId = randomUUID();

  constructor(
    private readonly store: MagentoStore,
    private readonly keys: WebhookKeyPair,
    targets: WebhookTargetInput[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.setTargets(targets);
    store.subscribe((change) => this.onChange(change));
  }

  /** Replaces all targets (validates them first; throws a zod error on bad input). */
  setTargets(inputs: WebhookTargetInput[]): WebhookTarget[] {
    this.list = inputs.map((input, i) => resolveTarget(input, i, generateStandardSecret));
    return this.targets();
  }

  targets(): WebhookTarget[] {
    return this.list.map((t) => ({ ...t }));
  }

  deliveries(): WebhookDelivery[] {
    return [...this.recent];
  }

  stats(): { targets: number; sent: number; failed: number; inFlight: number } {
    return { targets: this.list.length, sent: this.sent, failed: this.failed, inFlight: this.inFlight.size };
  }

  clearDeliveries(): void {
    this.recent.length = 0;
  }

  /** Resolves once every asynchronous delivery started so far has settled. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async onChange(change: StoreChange): Promise<void> {
    if (this.list.length === 0) return;
    const event = describeChange(this.store, change);
    const targets = this.list.filter((t) => !t.events || t.events.includes(event.type));
    for (const target of targets.filter((t) => t.delivery === 'sync')) {
      const delivery = await this.deliver(target, event, 'sync');
      if (!delivery.ok && target.required) {
        throw new WebhookAbortError(delivery.error ?? `Webhook ${target.id} failed`);
      }
    }
    const later = targets.filter((t) => t.delivery === 'async');
    if (later.length === 0) return;
    // After the change is committed: the store commits right after this listener resolves.
    const run = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      await Promise.all(later.map((t) => this.deliver(t, event, 'async')));
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private async deliver(target: WebhookTarget, event: WebhookEvent, mode: 'sync' | 'async'): Promise<WebhookDelivery> {
    const rendered = renderWebhook(target, event, { keys: this.keys, instanceId: this.instanceId, now: this.now });
    const started = performance.now();
    let status = 0;
    let error: string | null = null;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: rendered.headers,
        body: rendered.body,
        signal: AbortSignal.timeout(target.timeoutMs),
      });
      status = response.status;
      const text = await response.text();
      error = judge(target, status, text);
    } catch (cause) {
      error = `Webhook request failed: ${cause instanceof Error ? cause.message : String(cause)}`;
    }
    const delivery: WebhookDelivery = {
      seq: ++this.seq,
      at: new Date(this.now()).toISOString(),
      targetId: target.id,
      format: target.format,
      mode,
      type: event.type,
      url: target.url,
      status,
      ok: error === null,
      error,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    if (delivery.ok) this.sent++;
    else this.failed++;
    this.recent.push(delivery);
    if (this.recent.length > RECENT_LIMIT) this.recent.shift();
    return delivery;
  }
}

/** `null` when the answer counts as success for the format, else why not. */
function judge(target: WebhookTarget, status: number, text: string): string | null {
  if (target.format === 'commerce-webhooks') {
    if (status !== 200) return `Webhook answered HTTP ${status}`;
    let op: unknown;
    let message: unknown;
    try {
      ({ op, message } = JSON.parse(text) as { op?: unknown; message?: unknown });
    } catch {
      return 'Webhook answer is not valid JSON';
    }
    if (op === 'exception') return typeof message === 'string' && message ? message : 'The webhook refused the operation.';
    if (op === 'success' || op === 'add' || op === 'replace' || op === 'remove') return null;
    return `Webhook answered an unknown operation "${String(op)}"`;
  }
  if (target.format === 'extension') return status === 200 || status === 201 ? null : `Webhook answered HTTP ${status}`;
  return status >= 200 && status < 300 ? null : `Webhook answered HTTP ${status}`;
}
