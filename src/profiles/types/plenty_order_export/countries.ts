/**
 * PlentyONE's own country ids (Setup » Orders » Shipping » Countries of delivery) for the ISO codes a
 * Magento address carries. The first 28 are the long-standing ids of every PlentyONE system; a
 * merchant adds others under `customer.countryMap`.
 */
const PLENTY_COUNTRY_IDS: Readonly<Record<string, number>> = {
  DE: 1, AT: 2, BE: 3, CH: 4, CY: 5, CZ: 6, DK: 7, ES: 8, EE: 9, FR: 10, FI: 11, GB: 12, GR: 13, HU: 14,
  IT: 15, IE: 16, LU: 17, LV: 18, MT: 19, NO: 20, NL: 21, PT: 22, PL: 23, SE: 24, SG: 25, SK: 26, SI: 27, US: 28,
};

/** The PlentyONE country id of an ISO code, preferring the merchant's own map; undefined when unknown. */
export function plentyCountryId(iso: string | undefined, overrides: Readonly<Record<string, number>>): number | undefined {
  if (!iso) return undefined;
  const code = iso.toUpperCase();
  return overrides[code] ?? PLENTY_COUNTRY_IDS[code];
}

/** The ISO code of a PlentyONE country id (the merchant's own map first); undefined when unknown. */
export function isoOfPlentyCountry(id: number, overrides: Readonly<Record<string, number>>): string | undefined {
  const own = Object.entries(overrides).find(([, v]) => v === id)?.[0];
  return own ?? Object.entries(PLENTY_COUNTRY_IDS).find(([, v]) => v === id)?.[0];
}
