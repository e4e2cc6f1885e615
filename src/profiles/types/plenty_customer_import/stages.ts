import type { RunStages } from '../../profile-type.js';
import { advanceWatermark } from '../plenty_customer_export/batch.js';
import { collectContacts } from './collect.js';
import type { CustomerImportConfig } from './config.js';
import { processContacts } from './process.js';
import { previewContacts } from './preview.js';
import type { ContactRecord, RawContact } from './record.js';
import { transformContact } from './transform.js';

/**
 * The customer import: collect → transform → validate → process (one customer per contact) → finish;
 * preview (preview.ts) in place of process for dry runs.
 */
export const customerImportStages: RunStages<CustomerImportConfig, RawContact, ContactRecord> = {
  collect: collectContacts,
  transform: transformContact,
  validate: (record) => (record.kind === 'contact' ? record.problems : []),
  process: processContacts,
  preview: previewContacts,
  finish: advanceWatermark,
};
