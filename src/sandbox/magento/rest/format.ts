/** Magento's REST/DB timestamp format, UTC: `2017-08-21 22:22:19`. */
export function magentoTime(ms: number): string {
  // Hand-rolled: product pages format two timestamps per product, toISOString() is measurably slower.
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Booleans that Magento renders as 0/1 integers. */
export function flag(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}
