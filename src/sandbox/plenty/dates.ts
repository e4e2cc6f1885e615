/**
 * Timestamps as PlentyONE reads and writes them: filters accept W3C/ISO 8601 or unix seconds;
 * answers use W3C with an explicit offset (`2024-05-01T10:00:00+00:00`).
 */

/** Parse a filter timestamp (ISO 8601 or unix seconds) to epoch ms; undefined when unparsable. */
export function parseTimestamp(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t === '') return undefined;
  if (/^\d{9,11}$/.test(t)) return Number(t) * 1000;
  // A `+` in a query string arrives as a space: "2024-05-01T10:00:00 02:00".
  const ms = Date.parse(t.replace(/ (\d{2}:?\d{2})$/, '+$1'));
  return Number.isNaN(ms) ? undefined : ms;
}

/** `from[,to]` (items' `updatedBetween`, pim's `updatedAt`) as an inclusive range of epoch ms. */
export function parseRange(text: string | undefined): { from?: number; to?: number } | undefined {
  if (text === undefined || text === '') return undefined;
  const [from, to] = text.split(',');
  return { from: parseTimestamp(from), to: parseTimestamp(to) };
}

export function inRange(ms: number, range: { from?: number; to?: number } | undefined): boolean {
  if (!range) return true;
  if (range.from !== undefined && ms < range.from) return false;
  if (range.to !== undefined && ms > range.to) return false;
  return true;
}

export function w3c(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
