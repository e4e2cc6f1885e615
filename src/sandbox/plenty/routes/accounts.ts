/**
 * Contacts and addresses (`contactEmail`, `email`, `externalId` filters), payments, payment methods
 * and webstores (both bare arrays).
 */
import type { ChangeSink } from '../changes.js';
import { Validator, badRequest, notFound } from '../errors.js';
import { envelope, pageOf, pageRequest } from '../paging.js';
import { PAYMENT_METHODS } from '../reference-data.js';
import type { RestCtx, RestRouter } from '../rest-router.js';
import type { ContactRecord, ContactStore } from '../stores/contacts.js';
import type { OrderStore } from '../stores/orders.js';
import type { PaymentStore } from '../stores/payments.js';

export interface Webstore {
  id: number;
  name: string;
  plentyId: number;
}

function renderContact(c: ContactRecord, withs: Set<string>, contacts?: ContactStore): Record<string, unknown> {
  const { updatedAtMs: _u, addresses, ...rest } = c;
  const out: Record<string, unknown> = { ...rest };
  if (withs.has('addresses')) out.addresses = addresses;
  if (withs.has('accounts') && contacts) out.accounts = contacts.accountsOf(c.id);
  if (withs.has('options')) out.options = [{ typeId: 2, subTypeId: 4, value: c.email, priority: 0 }];
  return out;
}

/** The list filters of `GET /rest/accounts/contacts` the sandbox honours besides e-mail and external id. */
function contactFilters(query: (name: string) => string | undefined): ((c: ContactRecord) => boolean)[] {
  const out: ((c: ContactRecord) => boolean)[] = [];
  const int = (name: string, field: 'id' | 'typeId' | 'plentyId' | 'referrerId') => {
    const v = query(name);
    if (v !== undefined) out.push((c) => c[field] === Number(v));
  };
  int('contactId', 'id');
  int('typeId', 'typeId');
  int('plentyId', 'plentyId');
  int('referrerId', 'referrerId');
  const after = query('updatedAtAfter');
  if (after !== undefined) out.push((c) => c.updatedAtMs >= Date.parse(after));
  const before = query('updatedAtBefore');
  if (before !== undefined) out.push((c) => c.updatedAtMs <= Date.parse(before));
  return out;
}

export function accountRoutes(r: RestRouter, contacts: ContactStore, payments: PaymentStore, orders: OrderStore, webstores: Webstore[], changed: ChangeSink): void {
  const contactOr404 = (ctx: RestCtx) => {
    const c = contacts.get(ctx.id('contactId'));
    if (!c) throw notFound('Contact');
    return c;
  };

  r.get('/rest/accounts/contacts', (ctx) => {
    const withs = new Set(ctx.list('with'));
    const email = ctx.query('contactEmail') ?? ctx.query('email');
    const externalId = ctx.query('externalId');
    const req = pageRequest(ctx.query);
    let list: ContactRecord[];
    const filters = contactFilters(ctx.query);
    if (email !== undefined) list = contacts.byEmail(email);
    else if (externalId !== undefined) list = contacts.byExternalId(externalId);
    else if (filters.length) list = [...contacts.all()].filter((c) => filters.every((f) => f(c))).sort((a, b) => a.id - b.id);
    else {
      const total = contacts.count;
      const start = Math.min((req.page - 1) * req.itemsPerPage, total);
      const end = Math.min(start + req.itemsPerPage, total);
      const entries: unknown[] = [];
      for (let n = start; n < end; n++) {
        const contact = contacts.at(n);
        if (contact) entries.push(renderContact(contact, withs, contacts));
      }
      return envelope(req, total, entries);
    }
    if (externalId !== undefined) list = list.filter((c) => c.externalId === externalId);
    return pageOf(req, list.map((c) => renderContact(c, withs, contacts)));
  });

  r.post('/rest/accounts/contacts', async (ctx) => {
    const body = await ctx.body<Partial<ContactRecord> & { options?: Array<{ typeId: number; subTypeId?: number; value: string }> }>();
    const val = new Validator();
    if (val.required('typeId', body.typeId)) val.integer('typeId', body.typeId);
    val.required('referrerId', body.referrerId);
    if (body.externalId && contacts.byExternalId(String(body.externalId)).length > 0) val.add('externalId', 'The external id has already been taken.');
    val.throwIfAny();
    const c = contacts.create(body);
    changed({ entity: 'contact', action: 'created', ids: [c.id] });
    return renderContact(c, new Set());
  });
  r.get('/rest/accounts/contacts/{contactId}', (ctx) => renderContact(contactOr404(ctx), new Set(ctx.list('with')), contacts));
  // `checkExistingOrders`: a contact that orders refer to is kept (PlentyONE's CustomerDeleteException).
  r.delete('/rest/accounts/contacts/{contactId}', (ctx) => {
    const c = contactOr404(ctx);
    const check = ctx.query('checkExistingOrders');
    if ((check === 'true' || check === '1') && orders.all().some((o) => o.relations.some((rel) => rel.referenceType === 'contact' && rel.referenceId === c.id))) {
      throw badRequest('The contact is linked to orders and cannot be deleted.');
    }
    contacts.delete(c.id);
    changed({ entity: 'contact', action: 'deleted', ids: [c.id] });
    return {};
  });
  r.put('/rest/accounts/contacts/{contactId}', async (ctx) => {
    const c = contactOr404(ctx);
    const updated = contacts.update(c.id, await ctx.body<Partial<ContactRecord>>())!;
    changed({ entity: 'contact', action: 'updated', ids: [c.id] });
    return renderContact(updated, new Set());
  });
  r.post('/rest/accounts/contacts/{contactId}/addresses', async (ctx) => {
    const c = contactOr404(ctx);
    const body = await ctx.body<Record<string, unknown>>();
    const val = new Validator();
    if (val.required('countryId', body.countryId)) val.integer('countryId', body.countryId);
    val.required('postalCode', body.postalCode);
    val.required('town', body.town);
    val.throwIfAny();
    const typeId = Number(body.typeId ?? ctx.query('typeId') ?? 1);
    const a = contacts.addAddress(c.id, { ...(body as object), typeId })!;
    changed({ entity: 'contact', action: 'updated', ids: [c.id] });
    return a;
  });
  r.put('/rest/accounts/contacts/{contactId}/addresses/{addressId}', async (ctx) => {
    const c = contactOr404(ctx);
    const a = contacts.updateAddress(c.id, ctx.id('addressId'), await ctx.body<Record<string, unknown>>());
    if (!a) throw notFound('Address');
    changed({ entity: 'contact', action: 'updated', ids: [c.id] });
    return a;
  });
  r.delete('/rest/accounts/contacts/{contactId}/addresses/{addressId}', (ctx) => {
    const c = contactOr404(ctx);
    if (!contacts.deleteAddress(c.id, ctx.id('addressId'))) throw notFound('Address');
    changed({ entity: 'contact', action: 'updated', ids: [c.id] });
    return {};
  });
  r.get('/rest/accounts/contacts/{contactId}/addresses/{addressTypeId?}', (ctx) => {
    const c = contactOr404(ctx);
    const type = ctx.param('addressTypeId');
    return c.addresses.filter((a) => type === undefined || a.typeId === Number(type));
  });

  r.post('/rest/accounts/contacts/{contactId}/accounts', async (ctx) => {
    const c = contactOr404(ctx);
    const body = await ctx.body<Record<string, unknown>>();
    const val = new Validator();
    val.required('companyName', body.companyName);
    val.throwIfAny();
    const account = contacts.createAccount(c.id, body as never)!;
    changed({ entity: 'contact', action: 'updated', ids: [c.id] });
    return account;
  });
  r.get('/rest/accounts/contacts/{contactId}/accounts/{accountId}', (ctx) => {
    const a = contacts.account(contactOr404(ctx).id, ctx.id('accountId'));
    if (!a) throw notFound('Account');
    return a;
  });
  r.put('/rest/accounts/contacts/{contactId}/accounts/{accountId}', async (ctx) => {
    const c = contactOr404(ctx);
    const a = contacts.updateAccount(c.id, ctx.id('accountId'), await ctx.body<Record<string, unknown>>() as never);
    if (!a) throw notFound('Account');
    changed({ entity: 'contact', action: 'updated', ids: [c.id] });
    return a;
  });

  // ---- payments ------------------------------------------------------------------------------
  r.get('/rest/payments', () => payments.all());
  r.post('/rest/payments', async (ctx) => {
    const body = await ctx.body<Record<string, unknown>>();
    const val = new Validator();
    if (val.required('amount', body.amount)) val.numeric('amount', body.amount);
    if (val.required('mopId', body.mopId)) val.exists('mopId', PAYMENT_METHODS.some((m) => m.id === Number(body.mopId)));
    val.throwIfAny();
    return payments.create(body as never);
  });
  r.post('/rest/payment/{paymentId}/order/{orderId}', (ctx) => {
    const p = payments.get(ctx.id('paymentId'));
    if (!p) throw notFound('Payment');
    const o = orders.get(ctx.id('orderId'));
    if (!o) throw notFound('Order');
    const rel = payments.link(p.id, o.id);
    changed({ entity: 'order', action: 'updated', ids: [o.id] });
    return rel;
  });
  r.get('/rest/payments/orders/{orderId}', (ctx) => payments.forOrder(ctx.id('orderId')));
  r.get('/rest/payments/methods', () => PAYMENT_METHODS.map((m) => ({ ...m, isDocumentBuilderActive: false })));

  r.get('/rest/webstores', () => webstores.map((w) => ({ id: w.id, name: w.name, type: 'plentymarkets', storeIdentifier: w.plentyId, pluginSetId: 1 })));
}
