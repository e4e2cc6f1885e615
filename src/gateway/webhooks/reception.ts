import { createHash } from 'node:crypto';
import type { NormalizedEvent } from '../../profiles/profile-type.js';
import type { GatewaySettings } from '../settings.js';

/** What a source module makes of an authentic webhook, before it is stored. */
export interface Reception {
  format: string;
  dedupeKey: string;
  /**
   * Keys of the same delivery in the previous time bucket of a body-hash dedupe: a row with one of them
   * received within the dedupe window makes this one a duplicate too (no gap at a bucket boundary).
   */
  alsoDuplicateOf?: string[] | undefined;
  /** null: authentic but nothing plentygate acts on (stored as ignored, answered 2xx). */
  event: NormalizedEvent | null;
  note?: string;
  /** The body to store (the raw text, with any secret found in it replaced). */
  body: string;
  /** Reply in Adobe Commerce's `{"op":"success"}` shape (Magento waits for it). */
  adobeReply?: boolean;
}

/** Why a webhook was refused: the status, a reason for logs and metrics, and what the sender may see. */
export interface Rejection {
  status: 400 | 401 | 404 | 413 | 415 | 429 | 503;
  reason: string;
  detail?: string;
}

export function isRejection(v: Reception | Rejection): v is Rejection {
  return 'status' in v;
}

/** Who sent an authentic webhook: `sender` names the credential, and the rate limit counts per sender. */
export interface Authenticated<M extends string = string> {
  sender: string;
  method: M;
}

export function isAuthenticated<M extends string>(v: Authenticated<M> | Rejection): v is Authenticated<M> {
  return 'sender' in v;
}

/**
 * A webhook source (one per route family): `authenticate` checks the credential on the raw request and
 * never parses the body, so an unauthenticated caller costs no parse and learns nothing from one;
 * `interpret` parses and normalizes what an authenticated sender sent.
 */
export interface WebhookSource<M extends string = string> {
  name: 'magento' | 'plenty';
  authenticate(req: WebhookRequest, settings: GatewaySettings): Authenticated<M> | Rejection;
  interpret(req: WebhookRequest, auth: Authenticated<M>, settings: GatewaySettings): Reception | Rejection;
}

/** The request facts a source module reads. */
export interface WebhookRequest {
  raw: Uint8Array;
  text: string;
  header(name: string): string | undefined;
  query(name: string): string | undefined;
  param(name: string): string | undefined;
  receivedAt: Date;
}

/**
 * Without a provider id, the body's hash is the dedupe key, bucketed by time: a retry of the same body
 * within the window is a duplicate, while the same body days later (a second save of an unchanged
 * product) is a new hint.
 */
export function bodyHashKey(req: WebhookRequest, windowS: number, extra = ''): Pick<Reception, 'dedupeKey' | 'alsoDuplicateOf'> {
  const bucket = Math.floor(req.receivedAt.getTime() / 1000 / windowS);
  const hash = createHash('sha256').update(extra).update('\n').update(req.raw).digest('hex');
  return { dedupeKey: `sha256:${hash}:${bucket}`, alsoDuplicateOf: [`sha256:${hash}:${bucket - 1}`] };
}

/** Parses JSON; an empty body is `emptyAs`. */
export function parseJson(text: string, emptyAs?: unknown): { ok: true; value: unknown } | Rejection {
  if (text.trim() === '') {
    if (emptyAs !== undefined) return { ok: true, value: emptyAs };
    return { status: 400, reason: 'empty-body', detail: 'The request body is empty; a JSON document is expected.' };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { status: 400, reason: 'malformed-json', detail: `Malformed JSON: ${(error as Error).message}` };
  }
}
