import { z } from 'zod';
import { int, num, optInt, optNum, optStr, str } from './common.js';

export const orderItemSchema = z.looseObject({
  id: optInt,
  typeId: int,
  itemVariationId: optInt,
  quantity: num,
  orderItemName: optStr,
  /** The warehouse the item is shipped from. */
  warehouseId: optInt,
  amounts: z.array(z.looseObject({ currency: z.string(), priceOriginalGross: optNum, priceGross: optNum })).optional(),
});

export const orderPropertySchema = z.looseObject({ typeId: int, value: str });

/** Order answers: status ids are decimals (`5.1`), sometimes strings. */
export const orderSchema = z.looseObject({
  id: int,
  typeId: int,
  statusId: num,
  statusName: optStr,
  plentyId: optInt,
  referrerId: optNum,
  createdAt: optStr,
  updatedAt: optStr,
  contactReceiverId: optInt,
  orderItems: z.array(orderItemSchema).optional(),
  properties: z.array(orderPropertySchema).optional(),
  addressRelations: z.array(z.looseObject({ typeId: int, addressId: int })).optional(),
  relations: z.array(z.looseObject({ referenceType: z.string(), referenceId: int, relation: z.string().nullish() })).optional(),
});
export type Order = z.output<typeof orderSchema>;

/** The body of `POST /rest/orders` (what plentygate sends; extra fields pass through). */
export const newOrderSchema = z.looseObject({
  typeId: z.number().int(),
  plentyId: z.number().int(),
  statusId: z.number().optional(),
  referrerId: z.number().optional(),
  ownerId: z.number().int().optional(),
  orderItems: z.array(z.looseObject({ typeId: z.number().int(), quantity: z.number(), itemVariationId: z.number().int().optional() })),
  addressRelations: z.array(z.object({ typeId: z.number().int(), addressId: z.number().int() })).optional(),
  relations: z.array(z.object({ referenceType: z.string(), referenceId: z.number().int(), relation: z.string() })).optional(),
  properties: z.array(z.object({ typeId: z.number().int(), value: z.string() })).optional(),
  dates: z.array(z.object({ typeId: z.number().int(), date: z.string() })).optional(),
});
export type NewOrder = z.input<typeof newOrderSchema>;

export const orderStatusSchema = z.looseObject({
  statusId: num,
  names: z.record(z.string(), z.string()).optional(),
});
export type OrderStatus = z.output<typeof orderStatusSchema>;

export const shippingPackageSchema = z.looseObject({
  id: optInt,
  orderId: optInt,
  packageId: optInt,
  packageNumber: optStr,
  packageType: optInt,
  createdAt: optStr,
});
export type ShippingPackage = z.output<typeof shippingPackageSchema>;

export const referrerSchema = z.looseObject({ id: num, name: optStr, backendName: optStr });
export type Referrer = z.output<typeof referrerSchema>;
