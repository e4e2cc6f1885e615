import { existsSync, readFileSync } from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import { HOW_TO_GENERATE, MIN_SECRET_BYTES } from '../crypto/secret-strength.js';
import { apiTokenSetting, type ConfiguredToken } from '../access/token-setting.js';

/**
 * The gateway's settings, read from the environment. Every credential is optional: a webhook format is
 * accepted only when the credential that authenticates it is configured, so an unconfigured deployment
 * rejects every webhook (401) rather than trusting one.
 */

const csv = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const int = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

/** PEM text (with real or `\n`-escaped newlines) or the path of a PEM file. */
const publicKey = optionalText.transform((v, ctx): KeyObject | undefined => {
  if (v === undefined) return undefined;
  try {
    const pem = v.includes('-----BEGIN') ? v.replace(/\\n/g, '\n') : readPemFile(v);
    return createPublicKey(pem);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `expected a PEM public key or the path of one (${(error as Error).message})` });
    return z.NEVER;
  }
});

function readPemFile(path: string): string {
  if (!existsSync(path)) throw new Error(`no file at ${path}`);
  return readFileSync(path, 'utf8');
}

/** `whsec_<base64>` secrets, several (space or comma separated) while rotating. */
const whsecList = optionalText.transform((v, ctx): Buffer[] => {
  if (v === undefined) return [];
  const keys: Buffer[] = [];
  for (const part of v.split(/[\s,]+/).filter(Boolean)) {
    const raw = part.startsWith('whsec_') ? part.slice('whsec_'.length) : part;
    const key = Buffer.from(raw, 'base64');
    if (key.length < MIN_SECRET_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `expected whsec_ followed by at least ${MIN_SECRET_BYTES} base64-encoded bytes (got ${key.length}): generate one with \`echo whsec_$(openssl rand -base64 32)\``,
      });
      return z.NEVER;
    }
    keys.push(key);
  }
  return keys;
});

/** `user:password` for HTTP Basic authentication; an empty password would let anyone who knows the user in. */
const basicAuth = optionalText
  .refine((v) => v === undefined || v.includes(':'), 'expected user:password')
  .refine((v) => v === undefined || !v.includes(':') || v.slice(v.indexOf(':') + 1) !== '', `the password after ":" is empty: ${HOW_TO_GENERATE}`);

/** `Header-Name: value` (or `Header-Name=value`) for a shared-secret header. */
const sharedHeader = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const match = /^([A-Za-z0-9-]+)\s*[:=]\s*(.+)$/.exec(v);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'expected "Header-Name: value"' });
    return z.NEVER;
  }
  return { name: match[1]!.toLowerCase(), value: match[2]! };
});

const paths = csv;

export const gatewaySettingsSchema = z.object({
  /** `[role:]token,…` (src/access/token-setting.ts): the admin API's and the app's tokens with their roles. */
  PLENTYGATE_API_TOKENS: apiTokenSetting,
  /** Largest accepted webhook body in bytes (413 above it). */
  PLENTYGATE_WEBHOOK_MAX_BODY: int(1, 1024 * 1024),
  /** Several events for the same entity within this window become one job. */
  PLENTYGATE_DEBOUNCE_MS: int(0, 2000),
  /** Accepted webhooks per second per source (magento, plenty); 0 turns the limit off. */
  PLENTYGATE_WEBHOOK_RATE_LIMIT: int(0, 5000),
  /** Burst above the steady rate; default twice the rate. */
  PLENTYGATE_WEBHOOK_RATE_BURST: int(0, 0),
  /** Pending inbox rows older than this are re-enqueued by the sweeper. */
  PLENTYGATE_INBOX_SWEEP_DELAY_MS: int(0, 30_000),
  /** How often the sweeper looks for such rows. */
  PLENTYGATE_INBOX_SWEEP_INTERVAL_MS: int(50, 5_000),
  /** Dispatched and ignored inbox rows are deleted after this many hours. */
  PLENTYGATE_INBOX_RETENTION_HOURS: int(1, 24 * 7),
  /** A dispatch of an inbox row taking longer than this (queue unreachable) is left to the sweeper. */
  PLENTYGATE_DISPATCH_TIMEOUT_MS: int(100, 10_000),
  /** Webhooks without a provider id are deduplicated by a hash of their body within this window. */
  PLENTYGATE_WEBHOOK_DEDUPE_WINDOW_S: int(1, 300),
  /** Group commit: concurrent webhooks written to the inbox by one insert of at most this many rows (1: one insert per webhook). */
  PLENTYGATE_INBOX_BATCH_MAX_ROWS: int(1, 200),
  /**
   * Group commit: the first webhook of a batch waits at most this long for others before the batch is
   * written; 0 (the default): the batch goes at the end of the event-loop turn, with the webhooks read in
   * it (and while both insert statements are out, rows wait for one to return anyway). Above 0, batches
   * are larger (fewer transactions per webhook) at the price of that wait on every webhook.
   */
  PLENTYGATE_INBOX_BATCH_MAX_WAIT_MS: int(0, 0),

  MAGENTO_WEBHOOK_SECRET: whsecList,
  /** Standard Webhooks timestamp tolerance, seconds either side of now. */
  MAGENTO_WEBHOOK_TOLERANCE_S: int(1, 300),
  MAGENTO_WEBHOOK_PUBLIC_KEY: publicKey,
  MAGENTO_IO_EVENTS_PUBLIC_KEY: publicKey,
  MAGENTO_WEBHOOK_BASIC_AUTH: basicAuth,
  MAGENTO_WEBHOOK_AUTH_HEADER: sharedHeader,
  /** Extension-style JSON: dot paths (comma-separated candidates) to the event name and the entity key. */
  MAGENTO_WEBHOOK_EVENT_PATH: paths,
  MAGENTO_WEBHOOK_KEY_PATH: paths,

  PLENTY_WEBHOOK_SIGN_KEY: optionalText,
  /** Entity synced (delta) when an authentic PlentyONE callback names none: order, item, stock, contact, category. */
  PLENTY_WEBHOOK_DEFAULT_ENTITY: z.string().trim().min(1).default('order'),
});

type Parsed = z.infer<typeof gatewaySettingsSchema>;

export interface GatewaySettings {
  /** The tokens alone (strength check, log scrubbing). */
  apiTokens: string[];
  /** The tokens with their roles. */
  apiTokenEntries: ConfiguredToken[];
  maxBodyBytes: number;
  debounceMs: number;
  rateLimit: { perSecond: number; burst: number };
  inbox: { sweepDelayMs: number; sweepIntervalMs: number; retentionHours: number; dedupeWindowS: number; dispatchTimeoutMs: number;
    batch: { maxRows: number; maxWaitMs: number } };
  magento: {
    secrets: Buffer[];
    toleranceS: number;
    publicKey: KeyObject | undefined;
    ioEventsPublicKey: KeyObject | undefined;
    basicAuth: string | undefined;
    authHeader: { name: string; value: string } | undefined;
    eventPaths: string[];
    keyPaths: string[];
  };
  plenty: { signKey: string | undefined; defaultEntity: string };
}

function fromParsed(p: Parsed): GatewaySettings {
  return {
    apiTokens: p.PLENTYGATE_API_TOKENS.map((t) => t.token),
    apiTokenEntries: p.PLENTYGATE_API_TOKENS,
    maxBodyBytes: p.PLENTYGATE_WEBHOOK_MAX_BODY,
    debounceMs: p.PLENTYGATE_DEBOUNCE_MS,
    rateLimit: {
      perSecond: p.PLENTYGATE_WEBHOOK_RATE_LIMIT,
      burst: p.PLENTYGATE_WEBHOOK_RATE_BURST || p.PLENTYGATE_WEBHOOK_RATE_LIMIT * 2,
    },
    inbox: {
      sweepDelayMs: p.PLENTYGATE_INBOX_SWEEP_DELAY_MS,
      sweepIntervalMs: p.PLENTYGATE_INBOX_SWEEP_INTERVAL_MS,
      retentionHours: p.PLENTYGATE_INBOX_RETENTION_HOURS,
      dedupeWindowS: p.PLENTYGATE_WEBHOOK_DEDUPE_WINDOW_S,
      dispatchTimeoutMs: p.PLENTYGATE_DISPATCH_TIMEOUT_MS,
      batch: { maxRows: p.PLENTYGATE_INBOX_BATCH_MAX_ROWS, maxWaitMs: p.PLENTYGATE_INBOX_BATCH_MAX_WAIT_MS },
    },
    magento: {
      secrets: p.MAGENTO_WEBHOOK_SECRET,
      toleranceS: p.MAGENTO_WEBHOOK_TOLERANCE_S,
      publicKey: p.MAGENTO_WEBHOOK_PUBLIC_KEY,
      ioEventsPublicKey: p.MAGENTO_IO_EVENTS_PUBLIC_KEY,
      basicAuth: p.MAGENTO_WEBHOOK_BASIC_AUTH,
      authHeader: p.MAGENTO_WEBHOOK_AUTH_HEADER,
      eventPaths: p.MAGENTO_WEBHOOK_EVENT_PATH.length ? p.MAGENTO_WEBHOOK_EVENT_PATH : ['event', 'eventName', 'event_name', 'type', 'hook'],
      keyPaths: p.MAGENTO_WEBHOOK_KEY_PATH,
    },
    plenty: { signKey: p.PLENTY_WEBHOOK_SIGN_KEY, defaultEntity: p.PLENTY_WEBHOOK_DEFAULT_ENTITY },
  };
}

/** Reads the gateway settings; throws ConfigError listing every problem. */
export function loadGatewaySettings(env: NodeJS.ProcessEnv = process.env): GatewaySettings {
  const result = gatewaySettingsSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${String(i.path[0] ?? '(environment)')}: ${i.message}`));
  }
  return fromParsed(result.data);
}
