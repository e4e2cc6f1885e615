/** What the mapping layer (src/mapping) may read and write in the customer export: Magento customer → PlentyONE contact body. */
import { customerSchema } from '../../../connectors/magento/index.js';
import type { MappingAdapter } from '../../../mapping/fields.js';
import { fieldsFromSchema } from '../../../mapping/fields-from-schema.js';
import { withMappingDigest } from '../../../mapping/hash.js';
import type { CustomerExportConfig } from './config.js';
import type { CustomerRecord, RawCustomer } from './record.js';

export const customerExportMapping: MappingAdapter<RawCustomer, CustomerRecord, CustomerExportConfig> = {
  sourceFields: fieldsFromSchema(customerSchema),
  targetFields: [
    { name: 'typeId', type: 'integer', description: 'Contact type (1 customer).' },
    { name: 'firstName', type: 'string', description: 'First name.' },
    { name: 'lastName', type: 'string', description: 'Last name.' },
    { name: 'title', type: 'string', description: 'Title (Dr., Prof. …).' },
    { name: 'formOfAddress', type: 'string', description: 'Form of address.' },
    { name: 'gender', type: 'string', description: 'male, female or diverse.' },
    { name: 'birthdayAt', type: 'string', description: 'Date of birth (W3C date-time).' },
    { name: 'classId', type: 'integer', description: 'PlentyONE customer class.' },
    { name: 'referrerId', type: 'number', description: 'PlentyONE referrer of the contact.' },
    { name: 'plentyId', type: 'integer', description: 'PlentyONE client of the contact.' },
    { name: 'lang', type: 'string', description: 'Two-letter language of the contact.' },
    { name: 'privatePhone', type: 'string', description: 'Private phone.' },
    { name: 'privateMobile', type: 'string', description: 'Private mobile phone.' },
    { name: 'userId', type: 'integer', description: 'PlentyONE user (account manager) of the contact.' },
  ],
  subjects: (raw, record) => (record.kind === 'customer' && 'customer' in raw ? [{ source: raw.customer, target: record.contact }] : []),
  afterMapping: (record, digest) => (record.kind === 'customer' ? { ...record, hash: withMappingDigest(record.hash, digest) } : record),
};
