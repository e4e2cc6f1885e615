/**
 * What the mapping layer (src/mapping) may read and write in the stock import: each MSI source item
 * about to be written (one subject per source item of the SKU). Skip and fail act on the whole SKU.
 */
import type { MappingAdapter } from '../../../mapping/fields.js';
import type { StockImportConfig } from './config.js';
import type { StockRaw } from './records.js';

export const stockImportMapping: MappingAdapter<StockRaw, StockRaw, StockImportConfig> = {
  sourceFields: [
    { name: 'sku', type: 'string', description: 'Magento SKU (the PlentyONE variation number).' },
    { name: 'variationId', type: 'integer', description: 'PlentyONE variation id.' },
    { name: 'source_code', type: 'string', description: 'MSI source the quantity is written to.' },
    { name: 'quantity', type: 'number', description: 'Quantity from PlentyONE (net stock of the mapped warehouses).' },
    { name: 'status', type: 'integer', description: '1 in stock, 0 out of stock, as derived from the quantity.' },
  ],
  targetFields: [
    { name: 'quantity', type: 'number', description: 'Quantity written to the MSI source item.' },
    { name: 'status', type: 'integer', description: 'Source item status written: 1 in stock, 0 out of stock.' },
  ],
  subjects: (_raw, record) => (record.kind === 'write'
    ? record.items.map((item) => ({
      source: { sku: record.sku, variationId: record.variationId, source_code: item.source_code, quantity: item.quantity, status: item.status },
      target: item as unknown as Record<string, unknown>,
    }))
    : []),
};
