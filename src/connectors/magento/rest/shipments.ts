/** Shipments of an order with their tracks (`GET /V1/shipments`); not yet part of the client object. */
import { z } from 'zod';
import type { MagentoRestTransport } from '../rest-transport.js';
import { searchResultSchema } from '../schemas/search-result.js';
import { searchCriteria } from '../search-criteria.js';
import type { CallOptions } from './call-options.js';

export const shipmentTrackSchema = z.looseObject({
  track_number: z.string(),
  title: z.string().nullable().optional(),
  carrier_code: z.string().nullable().optional(),
});

export const shipmentSchema = z.looseObject({
  entity_id: z.number().int(),
  order_id: z.number().int(),
  tracks: z.array(shipmentTrackSchema).optional(),
});
export type MagentoShipment = z.infer<typeof shipmentSchema>;

const shipmentSearchResultSchema = searchResultSchema(shipmentSchema);

/** Every shipment of one order (an order has few; one page of the maximum size holds them). */
export async function orderShipments(rest: MagentoRestTransport, orderId: number, options: CallOptions = {}): Promise<MagentoShipment[]> {
  const criteria = searchCriteria().where('order_id', orderId).pageSize(300);
  const answer = await rest.call({ method: 'GET', path: '/V1/shipments', route: 'GET /V1/shipments', query: criteria, ...options }, shipmentSearchResultSchema);
  return answer.items;
}
