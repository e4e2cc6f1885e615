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

/** A PlentyONE contact that is gone while its customer link remains (contact deleted callbacks). */
export interface ContactDeletion {
  kind: 'delete';
  contactId: number;
  /** The Magento customer id the contact was imported as. */
  customerId: number;
}

export type ContactRecord = ContactDraft | ContactDeletion | { kind: 'skip'; reason: string };
