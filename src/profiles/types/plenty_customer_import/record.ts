import type { Address, Contact } from '../../../connectors/plenty/index.js';

/** A collected contact with its addresses, or the id of one PlentyONE does not have (ids runs). */
export type RawContact = { contact: Contact; addresses: Address[] } | { missing: string };

export interface CustomerAddressDraft {
  /** The PlentyONE address id: the address link's key. */
  plentyAddressId: number;
  body: Record<string, unknown>;
}

export interface ContactDraft {
  kind: 'contact';
  contactId: number;
  /** Lower-cased e-mail: with the website, what Magento keeps unique. */
  email: string;
  websiteId: number;
  /** The Magento `customer` object without addresses. */
  customer: Record<string, unknown>;
  addresses: CustomerAddressDraft[];
  /** Hash of everything written, kept on the contact's link. */
  hash: string;
  problems: string[];
}

export type ContactRecord = ContactDraft | { kind: 'skip'; reason: string };
