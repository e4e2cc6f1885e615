import type { RunStages } from '../../profile-type.js';
import { advanceWatermark } from './batch.js';
import { collectCustomers } from './collect.js';
import type { CustomerExportConfig } from './config.js';
import { processCustomers } from './process.js';
import { previewCustomers } from './preview.js';
import type { CustomerRecord, RawCustomer } from './record.js';
import { transformCustomer } from './transform.js';

/**
 * The customer export: collect → transform → validate → process (one contact per customer) → finish;
 * preview (preview.ts) in place of process for dry runs.
 */
export const customerExportStages: RunStages<CustomerExportConfig, RawCustomer, CustomerRecord> = {
  collect: collectCustomers,
  transform: transformCustomer,
  validate: (record) => (record.kind === 'customer' ? record.problems : []),
  process: processCustomers,
  preview: previewCustomers,
  finish: advanceWatermark,
};
