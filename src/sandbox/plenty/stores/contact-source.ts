/**
 * Generated customers as PlentyONE contacts. Contact id = 100 + customer index; address ids are
 * contactId × 10 + k, so an address resolves to its contact without a scan.
 */
import type { Customer } from '../../generator/types.js';
import type { PlentyCatalogView } from '../catalog-view.js';
import { w3c } from '../dates.js';
import type { AddressRecord, ContactRecord, ContactSource } from './contacts.js';

export const CONTACT_ID_OFFSET = 100;

/** PlentyONE's own country ids (not ISO numbers). */
export const COUNTRY_IDS: Record<string, number> = { DE: 1, AT: 2, BE: 3, CH: 4, DK: 7, ES: 8, FR: 10, GB: 12, IT: 15, LU: 17, NL: 21, PL: 23, SE: 24, US: 28 };

export function countryIdOf(code: string): number {
  return COUNTRY_IDS[code.toUpperCase()] ?? 1;
}

function contactOf(c: Customer): ContactRecord {
  const id = CONTACT_ID_OFFSET + c.index;
  const ts = w3c(c.updatedAt);
  const addresses: AddressRecord[] = c.addresses.map((a, k) => {
    const [street = '', houseNo = ''] = splitStreet(a.street[0] ?? '');
    return {
      id: id * 10 + k,
      contactId: id,
      typeId: k === c.defaultShipping && k !== c.defaultBilling ? 2 : 1,
      gender: c.gender === 1 ? 'male' : c.gender === 2 ? 'female' : null,
      name1: a.company ?? '',
      name2: a.firstname,
      name3: a.lastname,
      name4: '',
      address1: street,
      address2: houseNo,
      address3: a.street[1] ?? '',
      address4: '',
      postalCode: a.postcode,
      town: a.city,
      countryId: countryIdOf(a.countryCode),
      stateId: null,
      readOnly: false,
      createdAt: w3c(c.createdAt),
      updatedAt: ts,
      options: [
        { id: id * 100 + k * 10 + 1, addressId: id * 10 + k, typeId: 5, value: c.email, position: 0 },
        { id: id * 100 + k * 10 + 2, addressId: id * 10 + k, typeId: 4, value: a.telephone, position: 1 },
      ],
    };
  });
  return {
    id,
    externalId: null,
    number: null,
    typeId: 1,
    firstName: c.firstname,
    lastName: c.lastname,
    fullName: `${c.firstname} ${c.lastname}`,
    email: c.email,
    gender: c.gender === 1 ? 'male' : c.gender === 2 ? 'female' : null,
    lang: c.storeCode.endsWith('en') ? 'en' : 'de',
    referrerId: 1,
    plentyId: 0,
    classId: 1,
    blocked: 0,
    rating: 0,
    createdAt: w3c(c.createdAt),
    updatedAt: ts,
    updatedAtMs: c.updatedAt,
    addresses,
  };
}

/** "Hauptstraße 12" → ["Hauptstraße", "12"] (PlentyONE keeps the house number in address2). */
function splitStreet(line: string): [string, string] {
  const m = /^(.*?)\s+(\d+\s*\w?)$/.exec(line);
  return m ? [m[1] as string, m[2] as string] : [line, ''];
}

export function contactSourceOf(catalog: PlentyCatalogView, plentyId: number): ContactSource {
  return {
    count: catalog.customerCount,
    contact: (i) => ({ ...contactOf(catalog.customer(i)), plentyId }),
    indexOfId: (id) => {
      const i = id - CONTACT_ID_OFFSET;
      return Number.isInteger(i) && i >= 0 && i < catalog.customerCount ? i : undefined;
    },
    indexOfEmail: (email) => catalog.customerIndexByEmail(email),
    contactIdOfAddress: (addressId) => Math.floor(addressId / 10),
  };
}
