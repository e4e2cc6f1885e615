/** What the mapping layer (src/mapping) may read and write in the customer import: PlentyONE contact → Magento customer. */
import { contactSchema } from '../../../connectors/plenty/schemas/accounts.js';
import type { MappingAdapter } from '../../../mapping/fields.js';
import { fieldsFromSchema } from '../../../mapping/fields-from-schema.js';
import { withMappingDigest } from '../../../mapping/hash.js';
import type { CustomerImportConfig } from './config.js';
import type { ContactRecord, RawContact } from './record.js';

export const customerImportMapping: MappingAdapter<RawContact, ContactRecord, CustomerImportConfig> = {
  sourceFields: [
    ...fieldsFromSchema(contactSchema),
    { name: 'addresses', type: 'array', description: 'The contact\'s PlentyONE addresses (typeId 1 invoice, 2 delivery).' },
  ],
  targetFields: [
    { name: 'firstname', type: 'string', description: 'First name.' },
    { name: 'lastname', type: 'string', description: 'Last name.' },
    { name: 'middlename', type: 'string', description: 'Middle name.' },
    { name: 'prefix', type: 'string', description: 'Name prefix.' },
    { name: 'suffix', type: 'string', description: 'Name suffix.' },
    { name: 'group_id', type: 'integer', description: 'Magento customer group.' },
    { name: 'gender', type: 'integer', description: 'Magento gender option (1 male, 2 female, 3 not specified).' },
    { name: 'dob', type: 'string', description: 'Date of birth (YYYY-MM-DD).' },
    { name: 'taxvat', type: 'string', description: 'Tax/VAT number.' },
  ],
  subjects: (raw, record) => (record.kind === 'contact' && 'contact' in raw
    ? [{ source: { ...raw.contact, addresses: raw.addresses }, target: record.customer }]
    : []),
  afterMapping: (record, digest) => (record.kind === 'contact' ? { ...record, hash: withMappingDigest(record.hash, digest) } : record),
};
