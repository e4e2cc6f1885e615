/**
 * How much a shared secret resists guessing. The gateway's secrets (admin API tokens, PlentyONE sign
 * keys, Standard Webhooks secrets) are checked at start-up so a deployment never runs on "changeme":
 * each must carry at least 24 bytes (192 bits) of entropy.
 */
export const MIN_SECRET_BYTES = 24;

export const HOW_TO_GENERATE = 'generate one with `openssl rand -base64 32`';

/** Sizes of the character classes a secret draws from. */
const classes: [RegExp, number][] = [
  [/[a-z]/, 26],
  [/[A-Z]/, 26],
  [/[0-9]/, 10],
  [/[^A-Za-z0-9]/, 33],
];

/**
 * Estimated entropy of a secret string, in bytes. A random string of n characters from an alphabet of k
 * carries n·log2(k) bits; the alphabet is read off the classes of characters used (lower, upper, digits,
 * symbols; hex counts as 16). A string that repeats itself (fewer distinct characters than half of what a random string of
 * its length would show) is rated by its distinct characters instead, so `aaaa…` or `abab…` is weak
 * however long it is. An estimate, generous to random strings and strict with patterns.
 */
export function entropyBytes(secret: string): number {
  const chars = [...secret];
  const n = chars.length;
  if (n === 0) return 0;
  // Hex (what `openssl rand -hex` makes) draws from 16 characters, not from all letters and digits.
  const alphabet = /^[0-9a-f]+$/i.test(secret) && /[a-f]/i.test(secret)
    ? 16
    : classes.reduce((sum, [re, size]) => (re.test(secret) ? sum + size : sum), 0);
  const distinct = new Set(chars).size;
  const expectedDistinct = alphabet * (1 - (1 - 1 / alphabet) ** n);
  const perChar = distinct >= expectedDistinct / 2 ? Math.log2(alphabet) : Math.log2(Math.max(1, distinct));
  return (n * perChar) / 8;
}

/** Undefined when strong enough; else what is wrong and how to make a good one, for a ConfigError line. */
export function weakSecretProblem(secret: string, what: string): string | undefined {
  const bytes = entropyBytes(secret);
  if (bytes >= MIN_SECRET_BYTES) return undefined;
  return `${what} is too weak (about ${Math.floor(bytes)} bytes of entropy, at least ${MIN_SECRET_BYTES} needed): ${HOW_TO_GENERATE}`;
}

/**
 * What `serve` refuses to start with: an admin API token or a PlentyONE sign key under 24 bytes of
 * entropy (a short whsec_ secret and an empty Basic password are refused by the gateway settings' schema).
 * Checked at start-up rather than in the schema, so code that builds a gateway for a test can use short
 * fixtures; anything that serves traffic goes through here. One line per problem, naming the variable.
 */
export function weakGatewaySecrets(settings: { apiTokens: readonly string[]; plenty: { signKey: string | undefined } }): string[] {
  const problems: string[] = [];
  settings.apiTokens.forEach((token, i) => {
    const problem = weakSecretProblem(token, settings.apiTokens.length > 1 ? `token ${i + 1}` : 'the token');
    if (problem) problems.push(`PLENTYGATE_API_TOKENS: ${problem}`);
  });
  const signKey = settings.plenty.signKey === undefined ? undefined : weakSecretProblem(settings.plenty.signKey, 'the sign key');
  if (signKey) problems.push(`PLENTY_WEBHOOK_SIGN_KEY: ${signKey}`);
  return problems;
}
