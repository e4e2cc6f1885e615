import { profileTypeIds, type AnyProfileType, type ProfileTypeId } from '../profile-type.js';
import { categoryExportType } from './plenty_category_export/index.js';
import { categoryImportType } from './plenty_category_import/index.js';
import { customerExportType } from './plenty_customer_export/index.js';
import { customerImportType } from './plenty_customer_import/index.js';
import { itemExportType } from './plenty_item_export/index.js';
import { itemImportType } from './plenty_item_import/index.js';
import { orderExportType } from './plenty_order_export/index.js';
import { orderImportType } from './plenty_order_import/index.js';
import { stockImportType } from './plenty_stock_import/index.js';

export {
  categoryExportType, categoryImportType, customerExportType, customerImportType, itemExportType, itemImportType,
  orderExportType, orderImportType, stockImportType,
};

/** The nine built-in profile types: categories, items, orders, stock and customers. */
export const builtinProfileTypes: AnyProfileType[] = [
  categoryExportType,
  categoryImportType,
  itemExportType,
  itemImportType,
  orderExportType,
  orderImportType,
  stockImportType,
  customerExportType,
  customerImportType,
];

/** Pre-installed on a new database; the two customer profiles are created on demand. */
export const seededTypeIds: readonly ProfileTypeId[] = profileTypeIds.filter(
  (id) => id !== 'plenty_customer_export' && id !== 'plenty_customer_import',
);
