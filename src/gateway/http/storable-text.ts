/**
 * PostgreSQL text and jsonb hold neither a NUL character nor an unpaired UTF-16 surrogate (JSON allows
 * both as escapes): such input is refused with a reason, or cleaned where it is only informational.
 */

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A NUL or any surrogate: one pass of a plain character class, which almost every text passes. */
const suspect = /[\u0000\uD800-\uDFFF]/;

/** Why `text` cannot be stored as it is, or undefined when it can. */
export function unstorableReason(text: string): string | undefined {
  if (!suspect.test(text)) return undefined;
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (loneSurrogate.test(text)) return 'contains an unpaired UTF-16 surrogate (\\ud800–\\udfff without its pair)';
  return undefined;
}

/** The text with NULs and unpaired surrogates replaced by U+FFFD (for notes and other informational text). */
export function storableText(text: string): string {
  return text.replace(unstorable, '\uFFFD');
}
