/**
 * EAN-13 barcodes. Generated codes use the GS1 prefix 2 ("restricted circulation", in-store numbers)
 * so they never collide with real products.
 */

/** Check digit for the first 12 digits of an EAN-13. */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new Error(`EAN-13 needs 12 digits before the check digit, got "${first12}"`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code[12]);
}

/** Unique EAN-13 for `n` in [0, 1e10): "29" + 10 digits + check digit. */
export function ean13For(n: number): string {
  const first12 = '29' + String(n % 1e10).padStart(10, '0');
  return first12 + String(ean13CheckDigit(first12));
}
