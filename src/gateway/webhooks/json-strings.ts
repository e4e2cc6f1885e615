/**
 * The string tokens of a JSON text, found by one linear pass without building the document: the
 * PlentyONE route looks for its sign key in a body before it trusts the body enough to parse it, and
 * redacts the key wherever it sits, however deeply nested (a recursive walk or JSON.stringify of a
 * deeply nested document overflows the stack). Malformed text never throws: the scan stops or skips.
 */

export interface JsonString {
  /** Offsets of the token in the text, quotes included (`end` exclusive). */
  start: number;
  end: number;
  /** The decoded string. */
  value: string;
  role: 'key' | 'value';
  /** For a value directly in an object: the key it belongs to. */
  key?: string | undefined;
  /** Containers around the token (1: a field of the top-level object). */
  depth: number;
  /** True when every container around the token is an object (no array on the way). */
  objectsOnly: boolean;
}

export function* jsonStrings(text: string): Generator<JsonString> {
  const stack: number[] = []; // 0: object, 1: array
  let arrays = 0;
  let expectKey = false;
  let lastKey: string | undefined;
  let afterColon = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      for (; j < text.length; j++) {
        const c = text.charCodeAt(j);
        if (c === 0x5c /* \ */) {
          escaped = true;
          j++;
        } else if (c === 0x22) break;
      }
      if (j >= text.length) return; // unterminated: nothing more to find
      const raw = text.slice(i, j + 1);
      let value: string | undefined = raw.slice(1, -1);
      if (escaped) {
        try {
          value = JSON.parse(raw) as string;
        } catch {
          value = undefined;
        }
      }
      const inObject = stack.length > 0 && stack[stack.length - 1] === 0;
      const role = inObject && expectKey ? 'key' : 'value';
      if (value !== undefined) {
        yield {
          start: i, end: j + 1, value, role, depth: stack.length, objectsOnly: arrays === 0,
          key: role === 'value' && inObject && afterColon ? lastKey : undefined,
        };
      }
      if (role === 'key') {
        lastKey = value;
        expectKey = false;
      }
      afterColon = false;
      i = j;
      continue;
    }
    switch (ch) {
      case 0x7b: // {
        stack.push(0);
        expectKey = true;
        afterColon = false;
        break;
      case 0x5b: // [
        stack.push(1);
        arrays++;
        expectKey = false;
        afterColon = false;
        break;
      case 0x7d: // }
      case 0x5d: // ]
        if (stack.pop() === 1) arrays--;
        expectKey = false;
        afterColon = false;
        break;
      case 0x2c: // ,
        expectKey = stack.length > 0 && stack[stack.length - 1] === 0;
        afterColon = false;
        break;
      case 0x3a: // :
        afterColon = true;
        break;
      default:
        // Whitespace keeps the state; a number, true, false or null ends a value.
        if (ch > 0x20) afterColon = false;
    }
  }
}

/**
 * The text with every string that contains `secret` rewritten so that it no longer does (the secret
 * replaced by `[redacted]`), wherever the string sits. The text stays valid JSON when it was.
 */
export function redactSecret(text: string, secret: string): string {
  if (!secret || (!text.includes(secret) && !text.includes('\\'))) return text;
  const parts: string[] = [];
  let at = 0;
  for (const s of jsonStrings(text)) {
    if (!s.value.includes(secret)) continue;
    parts.push(text.slice(at, s.start), JSON.stringify(s.value.replaceAll(secret, '[redacted]')));
    at = s.end;
  }
  if (at === 0) return text;
  parts.push(text.slice(at));
  return parts.join('');
}
