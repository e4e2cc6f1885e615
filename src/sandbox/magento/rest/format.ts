/** Magento's REST/DB timestamp format, UTC: `2017-08-21 22:22:19`. */
export function magentoTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Booleans that Magento renders as 0/1 integers. */
export function flag(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}
