/** Timestamps for PlentyONE filters: W3C with an explicit offset, as the system writes them itself. */
export type Timestamp = Date | string | number;

export function w3c(t: Timestamp): string {
  const d = t instanceof Date ? t : new Date(t);
  if (Number.isNaN(d.getTime())) throw new Error(`not a timestamp: ${String(t)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** `from[,to]` for `updatedBetween`-style filters. */
export function between(range: { from: Timestamp; to?: Timestamp | undefined }): string {
  return range.to === undefined ? w3c(range.from) : `${w3c(range.from)},${w3c(range.to)}`;
}
