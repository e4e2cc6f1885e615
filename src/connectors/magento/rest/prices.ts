/**
 * Prices by SKU and store id, many products a call (Magento's BasePriceStorage):
 * `POST /V1/products/base-prices` answers the rows it refused (unknown SKU, a product type without a
 * price of its own, a negative price, an unknown store), an empty list when every row was saved.
 * Under the "Website" catalog price scope a store id's price is its website's; under the global scope
 * Magento saves every row as the global price (store id 0).
 */
import { z } from 'zod';
import type { MagentoRestTransport } from '../rest-transport.js';
import type { CallOptions } from './call-options.js';

export interface BasePrice { sku: string; price: number; store_id: number }

const basePriceSchema = z.looseObject({ sku: z.string(), price: z.coerce.number(), store_id: z.coerce.number().int() });
const failedRowSchema = z.looseObject({ message: z.string(), parameters: z.array(z.union([z.string(), z.number()])).or(z.record(z.string(), z.unknown())).optional() });
export type BasePriceFailure = z.infer<typeof failedRowSchema>;

export function pricesApi(rest: MagentoRestTransport) {
  return {
    /** Saves prices; answers the refused rows (Magento's message with its parameters). */
    saveBase: (prices: BasePrice[], options: CallOptions = {}): Promise<BasePriceFailure[]> =>
      rest.call(
        { method: 'POST', path: '/V1/products/base-prices', route: 'POST /V1/products/base-prices', body: { prices }, idempotent: true, store: options.store ?? 'all', signal: options.signal },
        z.array(failedRowSchema),
      ),

    /** The prices of the SKUs: store id 0 (global) and one row per store view with a price of its own. */
    base: (skus: string[], options: CallOptions = {}): Promise<BasePrice[]> =>
      rest.call(
        { method: 'POST', path: '/V1/products/base-prices-information', route: 'POST /V1/products/base-prices-information', body: { skus }, idempotent: true, store: options.store ?? 'all', signal: options.signal },
        z.array(basePriceSchema),
      ),
  };
}

export type PricesApi = ReturnType<typeof pricesApi>;
