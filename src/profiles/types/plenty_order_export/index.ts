import type { ProfileType } from '../../profile-type.js';
import { storeMappingMissing } from '../../config/store-mapping.js';
import { ORDER_EXPORT_BATCH_SIZE, orderExportConfigSchema, orderExportRetiredSettings, type OrderExportConfig } from './config.js';
import type { ExportRecord, RawOrder } from './record.js';
import { orderExportStages } from './stages.js';
import { orderExportMapping } from './mapping-fields.js';

export const orderExportType: ProfileType<OrderExportConfig, RawOrder, ExportRecord> = {
  id: 'plenty_order_export',
  name: 'Order export',
  entity: 'order',
  direction: 'magento_to_plenty',
  configSchema: orderExportConfigSchema,
  triggers: [
    { source: 'magento', entity: 'order', kinds: ['placed', 'saved'] },
    // A new shipment carries tracking numbers to export (exportTracking).
    { source: 'magento', entity: 'shipment', kinds: ['saved'] },
  ],
  defaultBatchSize: ORDER_EXPORT_BATCH_SIZE,
  readiness(config) {
    const missing: string[] = [];
    if (config.storeMapping.length === 0) missing.push(storeMappingMissing);
    if (Object.keys(config.paymentMap).length === 0) {
      missing.push('Map at least one Magento payment method to a PlentyONE method of payment under paymentMap.');
    }
    if (Object.keys(config.shippingMap).length === 0 && config.defaultShippingProfileId === undefined) {
      missing.push('Map Magento shipping methods to PlentyONE shipping profiles under shippingMap, or set defaultShippingProfileId.');
    }
    return missing;
  },
  stages: orderExportStages,
  mapping: orderExportMapping,
  retiredSettings: orderExportRetiredSettings,
};
