import type { ProfileType } from '../../profile-type.js';
import { ORDER_IMPORT_BATCH_SIZE, orderImportConfigSchema, orderImportRetiredSettings, type OrderImportConfig } from './config.js';
import type { CollectedOrder } from './collect.js';
import { orderImportMapping } from './mapping-fields.js';
import { orderImportStages } from './stages.js';

/** Order callbacks the import reacts to; "changed" is what the gateway emits for a callback of unknown shape. */
export const orderImportEventKinds = [
  'created', 'updated', 'changed', 'status_changed', 'shipped', 'payment_received', 'invoiced', 'credit_note_created', 'cancelled',
];

export const orderImportType: ProfileType<OrderImportConfig, CollectedOrder, CollectedOrder> = {
  id: 'plenty_order_import',
  name: 'Order import',
  entity: 'order',
  direction: 'plenty_to_magento',
  configSchema: orderImportConfigSchema,
  triggers: [{ source: 'plenty', entity: 'order', kinds: orderImportEventKinds }],
  defaultBatchSize: ORDER_IMPORT_BATCH_SIZE,
  stages: orderImportStages,
  retiredSettings: orderImportRetiredSettings,
  mapping: orderImportMapping,
};
