/**
 * Error text from PlentyONE, Magento or a proxy in front of them is stored in run history, dead letters and
 * logs, and shown by the admin API. Some endpoints echo the request, password included, so every such
 * text passes through `scrubText` first: the secrets this process uses (registered when a connector is
 * built from a credential, or the gateway reads its settings) are replaced, so are token and password
 * patterns of any origin, and the text is cut to a bounded length.
 */

/** Longest error text kept (history message, run error, dead letter, log field). */
export const MAX_ERROR_TEXT = 2000;

const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for: replacing 2-letter strings would mangle every message. */
const MIN_SECRET_LENGTH = 6;

const known = new Set<string>();
let ordered: string[] = [];

/**
 * Secrets in use by this process (passwords, tokens, keys). Each is also searched for in the forms an
 * echo may show it in: URL-encoded, JSON-escaped, and inside HTTP Basic credentials.
 */
export function registerSecrets(...values: (string | undefined | null)[]): void {
  let added = false;
  for (const value of values) {
    if (!value || value.length < MIN_SECRET_LENGTH) continue;
    for (const form of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) {
      if (!known.has(form)) {
        known.add(form);
        added = true;
      }
    }
  }
  // Longest first, so a secret containing another is replaced whole.
  if (added) ordered = [...known].sort((a, b) => b.length - a.length);
}

/** A user and password pair as HTTP Basic sends it (base64 of `user:password`). */
export function registerBasicCredentials(user: string, password: string): void {
  registerSecrets(password);
  if (password.length >= MIN_SECRET_LENGTH) registerSecrets(Buffer.from(`${user}:${password}`).toString('base64'));
}

const secretKeys = 'password|passwd|pwd|secret|client_secret|clientSecret|consumerSecret|consumer_secret|'
  + 'accessTokenSecret|access_token_secret|token|access_token|accessToken|refresh_token|refreshToken|api_?key|apiKey|sign_?key|signKey|authorization';

const patterns: [RegExp, string][] = [
  // "password": "…" (JSON, any of the keys above, escaped quotes inside the value included)
  [new RegExp(`("(?:${secretKeys})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  // Authorization schemes
  [/\b(Bearer|Basic|OAuth)\s+(?!\[redacted\])[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1 ${REDACTED}`],
  // password=… / token: … in query strings, form bodies and prose
  [new RegExp(`\\b((?:${secretKeys})\\s*[=:]\\s*)(?!\\[redacted\\])[^\\s&",;}'<]+`, 'gi'), `$1${REDACTED}`],
  // user:password@ in URLs
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]+@/gi, `$1:${REDACTED}@`],
];

const mayMatch = /[=:]|bearer|basic|oauth/i;

/** `text` without registered secrets or token/password patterns, cut to `max` characters. */
export function scrubText(text: string, max = MAX_ERROR_TEXT): string {
  let out = text;
  if (out.length >= MIN_SECRET_LENGTH) {
    for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  // Every pattern needs one of these: most log fields (ids, names, statuses) skip the regular expressions.
  if (mayMatch.test(out)) for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  if (out.length > max) out = `${out.slice(0, max)}… (${out.length - max} more characters)`;
  return out;
}

const sensitiveKey = new RegExp(`^(?:${secretKeys})$`, 'i');

/**
 * A copy of a parsed answer body (or log object) with every string scrubbed and the values of secret-named
 * keys replaced; depth and size are bounded so a huge or cyclic answer costs little.
 */
export function scrubValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => scrubValue(v, depth + 1, seen));
  if (value instanceof Error) return value; // logged through the err serializer, which scrubs it
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value).slice(0, 200)) {
    out[key] = sensitiveKey.test(key) && v !== null && v !== undefined && v !== '' ? REDACTED : scrubValue(v, depth + 1, seen);
  }
  return out;
}
