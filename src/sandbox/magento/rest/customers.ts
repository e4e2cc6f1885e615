import { Hono } from 'hono';
import type { Customer, CustomerAddress, MagentoStore } from '../store/index.js';
import { MagentoStoreError } from '../store/index.js';
import type { CustomerPatch } from '../store/index.js';
import { intParam, num, readJson, requireObject, str, type RestEnv } from './http.js';
import { magentoTime } from './format.js';
import { echoCriteria, parseSearchCriteria, type FieldValue } from './search-criteria.js';
import { searchEntities } from './entity-search.js';

type Json = Record<string, unknown>;

/** `/V1/customers`: search, get, create, update. */
export function customerRoutes(store: MagentoStore): Hono<RestEnv> {
  const app = new Hono<RestEnv>();
  const { customers } = store;

  app.get('/customers/search', (c) => {
    const criteria = parseSearchCriteria(new URL(c.req.url));
    const { items, total } = searchEntities(
      {
        count: customers.count,
        maxId: customers.maxId,
        generatedUntilMs: customers.generatedUntilMs,
        get: (id: number) => customers.get(id),
        iterate: () => customers.iterate(),
        written: () => customers.written(),
        lookup: (field: string, values: string[]) => {
          if (field === 'entity_id' || field === 'id') return values.flatMap((v) => customers.get(Number(v)) ?? []);
          if (field === 'email') return values.flatMap((v) => customers.findByEmail(v) ?? []);
          return undefined;
        },
      },
      criteria,
      customerField,
      (cu) => cu.id,
      true,
    );
    return c.json({ items: items.map((cu) => renderCustomer(store, cu)), search_criteria: echoCriteria(criteria), total_count: total });
  });

  app.get('/customers/:id', (c) => c.json(renderCustomer(store, customers.require(intParam(c.req.param('id'))))));

  // AccountManagement::createAccount: saves the customer, then always sends the new-account e-mail
  // (sendEmailConfirmation; "registered_no_password" when no password is given).
  app.post('/customers', async (c) => {
    const body = await readJson(c);
    const customer = await createCustomer(store, requireObject(body, 'customer'));
    customers.recordWelcomeEmail(customer, typeof (body as Json).password === 'string' && (body as Json).password !== '');
    return c.json(renderCustomer(store, customer));
  });

  // CustomerRepository::deleteById answers `true`.
  app.delete('/customers/:id', async (c) => {
    await customers.delete(intParam(c.req.param('id')));
    return c.json(true);
  });

  app.put('/customers/:id', async (c) => {
    const input = requireObject(await readJson(c), 'customer');
    const customer = await customers.update(intParam(c.req.param('id')), readCustomer(input));
    return c.json(renderCustomer(store, customer));
  });

  return app;
}

/** Validates and creates a customer as `CustomerRepository::save` does for a new one (no e-mail sent). */
export async function createCustomer(store: MagentoStore, input: Json): Promise<Customer> {
  const patch = readCustomer(input);
  for (const field of ['email', 'firstname', 'lastname'] as const) {
    if (!patch[field]) throw new MagentoStoreError('"%fieldName" is a required value.', { fieldName: field === 'email' ? 'Email' : field === 'firstname' ? 'First Name' : 'Last Name' });
  }
  return store.customers.create({ ...patch, email: patch.email!, firstname: patch.firstname!, lastname: patch.lastname! });
}

/** `CustomerInterface` as the routes render it (the plentygate module's route answers the same). */
export function customerJson(store: MagentoStore, customer: Customer): Json {
  return renderCustomer(store, customer);
}

function readCustomer(input: Json): CustomerPatch {
  const patch: CustomerPatch = {};
  if (input.email !== undefined) patch.email = String(input.email);
  if (input.firstname !== undefined) patch.firstname = String(input.firstname);
  if (input.lastname !== undefined) patch.lastname = String(input.lastname);
  if (input.dob !== undefined) patch.dob = str(input.dob) ?? null;
  if (input.gender !== undefined) patch.gender = Number(input.gender);
  if (input.group_id !== undefined) patch.groupId = Number(input.group_id);
  if (input.store_id !== undefined) patch.storeId = Number(input.store_id);
  if (input.website_id !== undefined) patch.websiteId = Number(input.website_id);
  if (input.taxvat !== undefined) patch.taxvat = str(input.taxvat) ?? null;
  // Magento_Newsletter's repository plugin subscribes or unsubscribes when the attribute is sent.
  const extension = (input.extension_attributes ?? {}) as Json;
  if (extension.is_subscribed !== undefined) patch.isSubscribed = extension.is_subscribed === true || extension.is_subscribed === 'true' || extension.is_subscribed === 1;
  if (Array.isArray(input.custom_attributes)) {
    patch.customAttributes = Object.fromEntries((input.custom_attributes as Json[])
      .filter((a) => typeof a.attribute_code === 'string')
      .map((a) => [String(a.attribute_code), String(a.value ?? '')]));
  }
  if (Array.isArray(input.addresses)) {
    patch.addresses = (input.addresses as Json[]).map((a) => {
      const region = (a.region ?? {}) as Json;
      return {
        ...(a.id !== undefined ? { id: Number(a.id) } : {}),
        firstname: String(a.firstname ?? input.firstname ?? ''),
        lastname: String(a.lastname ?? input.lastname ?? ''),
        company: str(a.company),
        street: Array.isArray(a.street) ? (a.street as unknown[]).map(String) : [String(a.street ?? '')],
        city: String(a.city ?? ''),
        postcode: String(a.postcode ?? ''),
        countryId: String(a.country_id ?? ''),
        region: str(region.region),
        regionCode: str(region.region_code),
        regionId: num(a.region_id ?? region.region_id),
        telephone: String(a.telephone ?? ''),
        ...(str(a.vat_id) ? { vatId: str(a.vat_id) } : {}),
        defaultBilling: Boolean(a.default_billing),
        defaultShipping: Boolean(a.default_shipping),
      };
    });
  }
  return patch;
}

/** `CustomerInterface` (see examples/customer-search-response.json). */
function renderCustomer(store: MagentoStore, customer: Customer): Json {
  const view = store.layout.views.find((v) => v.id === customer.storeId);
  const billing = customer.addresses.find((a) => a.defaultBilling);
  const shipping = customer.addresses.find((a) => a.defaultShipping);
  return {
    id: customer.id,
    group_id: customer.groupId,
    ...(billing ? { default_billing: String(billing.id) } : {}),
    ...(shipping ? { default_shipping: String(shipping.id) } : {}),
    created_at: magentoTime(customer.createdAt),
    updated_at: magentoTime(customer.updatedAt),
    created_in: view?.name ?? 'Default Store View',
    ...(customer.dob ? { dob: customer.dob } : {}),
    email: customer.email,
    firstname: customer.firstname,
    lastname: customer.lastname,
    gender: customer.gender,
    store_id: customer.storeId,
    website_id: customer.websiteId,
    ...(customer.taxvat ? { taxvat: customer.taxvat } : {}),
    addresses: customer.addresses.map((a) => renderAddress(customer.id, a)),
    disable_auto_group_change: 0,
    extension_attributes: { is_subscribed: customer.isSubscribed ?? false },
    ...(customer.customAttributes && Object.keys(customer.customAttributes).length
      ? { custom_attributes: Object.entries(customer.customAttributes).map(([attribute_code, value]) => ({ attribute_code, value })) }
      : {}),
  };
}

function renderAddress(customerId: number, a: CustomerAddress): Json {
  return {
    id: a.id,
    customer_id: customerId,
    region: { region_code: a.regionCode ?? null, region: a.region ?? null, region_id: a.regionId ?? 0 },
    region_id: a.regionId ?? 0,
    country_id: a.countryId,
    street: a.street,
    ...(a.company ? { company: a.company } : {}),
    ...(a.vatId ? { vat_id: a.vatId } : {}),
    telephone: a.telephone,
    postcode: a.postcode,
    city: a.city,
    firstname: a.firstname,
    lastname: a.lastname,
    ...(a.defaultShipping ? { default_shipping: true } : {}),
    ...(a.defaultBilling ? { default_billing: true } : {}),
  };
}

function customerField(customer: Customer, field: string): FieldValue {
  switch (field) {
    case 'entity_id':
    case 'id':
      return customer.id;
    case 'email':
      return customer.email;
    case 'firstname':
      return customer.firstname;
    case 'lastname':
      return customer.lastname;
    case 'group_id':
      return customer.groupId;
    case 'store_id':
      return customer.storeId;
    case 'website_id':
      return customer.websiteId;
    case 'created_at':
      return magentoTime(customer.createdAt);
    case 'updated_at':
      return magentoTime(customer.updatedAt);
    default:
      return null;
  }
}
