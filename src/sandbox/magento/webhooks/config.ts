import { z } from 'zod';

/**
 * Where and how the sandbox posts webhooks out. One sandbox may have several targets; they can be
 * replaced at runtime through `PUT /_sandbox/webhooks`.
 */
export const webhookFormatSchema = z.enum(['commerce-webhooks', 'io-events', 'extension', 'standard']);
export type WebhookFormat = z.infer<typeof webhookFormatSchema>;

export const webhookTargetSchema = z.object({
  id: z.string().min(1).optional(),
  url: z.url(),
  format: webhookFormatSchema,
  /**
   * `sync`: the change waits for the answer, like Adobe Commerce Webhooks (a failing `required`
   * webhook aborts the change). `async`: fire-and-forget after the change. Default: sync for
   * commerce-webhooks, async for the others.
   */
  delivery: z.enum(['sync', 'async']).optional(),
  /** Commerce Webhooks `required` flag (default true): a failed sync delivery aborts the change. */
  required: z.boolean().optional(),
  timeoutMs: z.number().int().positive().max(120_000).optional(),
  /** Commerce Webhooks / I/O Events: sign with the sandbox's RSA key (default true). */
  sign: z.boolean().optional(),
  /** Standard Webhooks secret `whsec_<base64>` (generated when absent). */
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/).optional(),
  /** Extension style: HTTP Basic credentials. */
  basicAuth: z.object({ username: z.string(), password: z.string() }).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Neutral event types to send (`order.placed`, `product.saved`, ...); all when absent. */
  events: z.array(z.string()).optional(),
});

export type WebhookTargetInput = z.input<typeof webhookTargetSchema>;

/** A target with defaults applied. */
export interface WebhookTarget {
  id: string;
  url: string;
  format: WebhookFormat;
  delivery: 'sync' | 'async';
  required: boolean;
  timeoutMs: number;
  sign: boolean;
  secret: string | undefined;
  basicAuth: { username: string; password: string } | undefined;
  headers: Record<string, string>;
  events: string[] | undefined;
}

export function resolveTarget(input: WebhookTargetInput, index: number, makeSecret: () => string): WebhookTarget {
  const t = webhookTargetSchema.parse(input);
  return {
    id: t.id ?? `hook-${index + 1}`,
    url: t.url,
    format: t.format,
    delivery: t.delivery ?? (t.format === 'commerce-webhooks' ? 'sync' : 'async'),
    required: t.required ?? true,
    timeoutMs: t.timeoutMs ?? 5000,
    sign: t.sign ?? true,
    secret: t.format === 'standard' ? (t.secret ?? makeSecret()) : t.secret,
    basicAuth: t.basicAuth,
    headers: t.headers ?? {},
    events: t.events,
  };
}
