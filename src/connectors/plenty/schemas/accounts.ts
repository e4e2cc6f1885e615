/** Contacts and addresses, payments and payment methods, webstores. */
import { z } from 'zod';
import { int, num, optInt, optNum, optStr } from './common.js';

export const contactSchema = z.looseObject({
  id: int,
  externalId: optStr,
  number: optStr,
  typeId: optInt,
  firstName: optStr,
  lastName: optStr,
  email: optStr,
  referrerId: optNum,
  plentyId: optInt,
  classId: optInt,
  gender: optStr,
  birthdayAt: optStr,
  /** When the contact agreed to the newsletter; null: no consent. */
  newsletterAllowanceAt: optStr,
  lang: optStr,
  updatedAt: optStr,
  /** With `with=accounts`: the contact's companies. */
  accounts: z.array(z.looseObject({ id: int, companyName: optStr, taxIdNumber: optStr })).nullish(),
});
export type Contact = z.output<typeof contactSchema>;

/** A company ("account") of a contact. */
export const accountSchema = z.looseObject({
  id: int,
  companyName: optStr,
  taxIdNumber: optStr,
});
export type Account = z.output<typeof accountSchema>;

export const addressSchema = z.looseObject({
  id: int,
  name1: optStr,
  name2: optStr,
  name3: optStr,
  name4: optStr,
  address1: optStr,
  address2: optStr,
  address3: optStr,
  /** Relation to the contact where the answer names it: 1 invoice, 2 delivery. */
  typeId: optInt,
  options: z.array(z.looseObject({ typeId: int, value: z.union([z.string(), z.number()]).transform(String) })).nullish(),
  postalCode: optStr,
  town: optStr,
  countryId: optInt,
});
export type Address = z.output<typeof addressSchema>;

export const paymentSchema = z.looseObject({
  id: int,
  amount: num,
  currency: optStr,
  mopId: optInt,
  hash: optStr,
  status: optInt,
});
export type Payment = z.output<typeof paymentSchema>;

export const paymentOrderRelationSchema = z.looseObject({ id: optInt, paymentId: int, orderId: int });
export type PaymentOrderRelation = z.output<typeof paymentOrderRelationSchema>;

export const paymentMethodSchema = z.looseObject({ id: int, name: optStr, paymentKey: optStr, pluginKey: optStr });
export type PaymentMethod = z.output<typeof paymentMethodSchema>;

export const webstoreSchema = z.looseObject({ id: int, name: optStr, storeIdentifier: int, type: optStr });
export type Webstore = z.output<typeof webstoreSchema>;
