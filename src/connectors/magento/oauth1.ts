/**
 * OAuth 1.0a request signing (RFC 5849) for Magento integrations. Since Magento 2.4.4 an
 * integration's access token only works as a bearer token when the merchant switched on
 * `oauth/consumer/enable_integration_as_bearer`; otherwise every REST call must be signed with the
 * consumer key/secret and access token/secret. Magento accepts HMAC-SHA256 (and HMAC-SHA1).
 *
 * The signature covers the method, the base URL (scheme and host lower-cased, default port dropped,
 * no query) and the normalized parameters: query parameters, the `oauth_*` protocol parameters and,
 * only for `application/x-www-form-urlencoded` bodies, the body parameters (JSON bodies are not
 * signed, RFC 5849 §3.4.1.3.1).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { percentEncode } from './search-criteria.js';

export type OAuthSignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1';

export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
  /** Default HMAC-SHA256. */
  signatureMethod?: OAuthSignatureMethod;
}

export interface OAuth1Request {
  method: string;
  /** Full URL, with its query string. */
  url: string;
  /** Only given for form bodies; a string as sent (`a=1&b=2`) or pairs. */
  formBody?: string | readonly [string, string][];
}

export interface OAuth1Overrides {
  /** Fixed nonce and timestamp for known-answer tests; random and now otherwise. */
  nonce?: string;
  timestamp?: number;
  /** Leave out `oauth_version` (it is optional; some published vectors omit it). */
  omitVersion?: boolean;
}

/** `a=1&b=%20x` → decoded pairs, `+` read as a space as form encoding has it. */
function decodePairs(text: string): [string, string][] {
  if (!text) return [];
  return text
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      return [decode(name), decode(value)];
    });
}

/** RFC 5849 §3.4.1.2: scheme and host lower case, default port dropped, no query or fragment. */
export function baseStringUri(url: URL): string {
  const scheme = url.protocol.toLowerCase();
  const defaultPort = (scheme === 'http:' && url.port === '80') || (scheme === 'https:' && url.port === '443');
  const host = url.hostname.toLowerCase() + (url.port && !defaultPort ? `:${url.port}` : '');
  return `${scheme}//${host}${url.pathname}`;
}

/** RFC 5849 §3.4.1.3.2: encode names and values, sort by name then value, join. */
export function normalizeParameters(pairs: readonly [string, string][]): string {
  return pairs
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

export function signatureBaseString(method: string, url: URL, pairs: readonly [string, string][]): string {
  return [method.toUpperCase(), percentEncode(baseStringUri(url)), percentEncode(normalizeParameters(pairs))].join('&');
}

export function hmacSignature(baseString: string, consumerSecret: string, tokenSecret: string, method: OAuthSignatureMethod): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac(method === 'HMAC-SHA1' ? 'sha1' : 'sha256', key).update(baseString).digest('base64');
}

export interface OAuth1Signature {
  /** Value for the `Authorization` header. */
  header: string;
  baseString: string;
  signature: string;
}

/** Signs one request; the `Authorization: OAuth ...` value goes out with it. */
export function signOAuth1(credentials: OAuth1Credentials, request: OAuth1Request, overrides: OAuth1Overrides = {}): OAuth1Signature {
  const url = new URL(request.url);
  const signatureMethod = credentials.signatureMethod ?? 'HMAC-SHA256';
  const protocol: [string, string][] = [
    ['oauth_consumer_key', credentials.consumerKey],
    ['oauth_nonce', overrides.nonce ?? randomBytes(16).toString('hex')],
    ['oauth_signature_method', signatureMethod],
    ['oauth_timestamp', String(overrides.timestamp ?? Math.floor(Date.now() / 1000))],
    ['oauth_token', credentials.accessToken],
  ];
  if (!overrides.omitVersion) protocol.push(['oauth_version', '1.0']);
  const body = request.formBody === undefined ? [] : typeof request.formBody === 'string' ? decodePairs(request.formBody) : [...request.formBody];
  const pairs = [...decodePairs(url.search.slice(1)), ...body, ...protocol];
  const baseString = signatureBaseString(request.method, url, pairs);
  const signature = hmacSignature(baseString, credentials.consumerSecret, credentials.accessTokenSecret, signatureMethod);
  const header =
    'OAuth ' +
    [...protocol, ['oauth_signature', signature] as [string, string]]
      .map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`)
      .join(',');
  return { header, baseString, signature };
}
