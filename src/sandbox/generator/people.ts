/** Customers with addresses; e-mail addresses carry the index so they resolve back in O(1). */
import { Rng } from './prng.js';
import { HISTORY_WINDOW_MS } from './time.js';
import type { Address, Customer } from './types.js';
import { CITIES, COMPANIES, FIRST_NAMES, LAST_NAMES, STREETS, asciiSlug } from './vocabulary.js';

const YEAR_MS = 365 * 86_400_000;
const EMAIL_DOMAIN = 'example.com';
/** First names in FIRST_NAMES alternate female/male; used for the Magento gender field. */
const FEMALE_FIRST = new Set(['Anna', 'Lena', 'Sophie', 'Marie', 'Zoë', 'Emma', 'Chloé', 'Hannah', 'Élodie', 'Mia', 'Özlem']);

export function customerEmail(index: number, firstname: string, lastname: string): string {
  return `${asciiSlug(firstname)}.${asciiSlug(lastname)}.${index}@${EMAIL_DOMAIN}`;
}

/** Index encoded in a generated e-mail address (not checked against the count). */
export function customerIndexFromEmail(email: string): number | undefined {
  const m = /\.(\d+)@example\.com$/i.exec(email);
  return m ? Number(m[1]) : undefined;
}

export function randomAddress(rng: Rng, firstname: string, lastname: string): Address {
  const place = rng.pick(CITIES);
  return {
    firstname,
    lastname,
    company: rng.chance(0.15) ? rng.pick(COMPANIES) : null,
    street: rng.chance(0.1) ? [`${rng.pick(STREETS)} ${rng.int(1, 120)}`, `Hinterhaus ${rng.int(1, 4)}`] : [`${rng.pick(STREETS)} ${rng.int(1, 120)}`],
    postcode: place.postcode,
    city: place.city,
    countryCode: place.countryCode,
    telephone: `+49 30 ${rng.int(1000000, 9999999)}`,
  };
}

export function generateCustomer(seed: number, epoch: number, index: number): Customer {
  const rng = Rng.for(seed, 'customer', index);
  const firstname = rng.pick(FIRST_NAMES);
  const lastname = rng.pick(LAST_NAMES);
  const addresses = [randomAddress(rng, firstname, lastname)];
  if (rng.chance(0.25)) addresses.push(randomAddress(rng, firstname, lastname));
  const updatedAt = epoch - rng.int(0, HISTORY_WINDOW_MS / 1000) * 1000;
  const year = rng.int(1950, 2005);
  const dob = rng.chance(0.6)
    ? `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
    : null;
  const storeIsGerman = addresses[0]?.countryCode !== 'FR' && addresses[0]?.countryCode !== 'NL';
  return {
    index,
    email: customerEmail(index, firstname, lastname),
    firstname,
    lastname,
    gender: rng.chance(0.2) ? 0 : FEMALE_FIRST.has(firstname) ? 2 : 1,
    dob,
    groupId: 1,
    storeCode: storeIsGerman ? 'de' : 'default',
    websiteId: 1,
    addresses,
    defaultBilling: 0,
    defaultShipping: addresses.length - 1,
    createdAt: updatedAt - rng.int(0, 2 * YEAR_MS / 1000) * 1000,
    updatedAt,
  };
}
