import type { MagentoCustomer } from '../../../connectors/magento/index.js';
import type { AddressDraft } from '../plenty_order_export/record.js';

/** A collected customer, or the key of one Magento does not have (ids runs). */
export type RawCustomer = { customer: MagentoCustomer } | { missing: string };

export interface ContactAddressDraft {
  /** The Magento address id: the address link's key. */
  magentoId: number;
  /** PlentyONE address relation: 1 invoice, 2 delivery. */
  typeId: 1 | 2;
  body: AddressDraft;
  /** Hash of the body and type: an address is rewritten only when it changes. */
  hash: string;
}

export interface CustomerDraft {
  kind: 'customer';
  customerId: number;
  /** Lower-cased: the key of the e-mail link and of the contact claim the order export shares. */
  email: string;
  /** The PlentyONE contact body (create and update). */
  contact: Record<string, unknown>;
  /** Newsletter consent to write (setting `newsletter`); absent: left as PlentyONE has it. */
  newsletter?: boolean;
  addresses: ContactAddressDraft[];
  /** The company (b2bAccounts) with the hash of its body. */
  account?: { body: { companyName: string; taxIdNumber?: string }; hash: string };
  /** Hash of everything written, kept on the customer link. */
  hash: string;
  problems: string[];
}

/** A Magento customer that is gone while its link remains (ids runs of delete webhooks). */
export interface CustomerDeletion {
  kind: 'delete';
  customerId: number;
}

export type CustomerRecord = CustomerDraft | CustomerDeletion | { kind: 'skip'; reason: string };
