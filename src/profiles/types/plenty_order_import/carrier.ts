import type { Order } from '../../../connectors/plenty/index.js';
import type { OrderImportConfig } from './config.js';

/** Order property type 2 holds the shipping profile (parcel service preset) of a PlentyONE order. */
const SHIPPING_PROFILE_PROPERTY = 2;

/** The PlentyONE shipping profile of an order: its property, else the one on its first order line. */
export function shippingProfileOf(order: Order): string | undefined {
  const property = order.properties?.find((p) => p.typeId === SHIPPING_PROFILE_PROPERTY)?.value;
  if (property !== undefined && /^\d+$/.test(property.trim())) return property.trim();
  for (const item of order.orderItems ?? []) {
    const id = (item as Record<string, unknown>).shippingProfileId;
    if ((typeof id === 'number' || typeof id === 'string') && /^[1-9]\d*$/.test(String(id))) return String(id);
  }
  return undefined;
}

/** The Magento carrier the order's tracking numbers are filed under (carrierMap, else defaultCarrier). */
export function carrierFor(config: OrderImportConfig, order: Order): { carrierCode: string; title: string } {
  const profile = shippingProfileOf(order);
  return (profile === undefined ? undefined : config.shipments.carrierMap[profile]) ?? config.shipments.defaultCarrier;
}
