/**
 * Dry runs of the customer import (src/mapping/dry-run.ts). Per contact, found as a run finds it (its
 * link's hash, then the linked customer, else the customer with its e-mail in its website): unchanged,
 * created, or updated with the customer's fields and each imported address beside Magento's
 * (`addresses.<PlentyONE address id>.city`; an address imported before is compared with the Magento
 * address its link names; one whose PlentyONE address is gone as `addresses.<id>: "…" → null`). A
 * deleted contact shows what `deletions` would do. Reads only.
 */
import type { MagentoClient, MagentoCustomer } from '../../../connectors/magento/index.js';
import { byAttributeCode, diffByAttributeCode, diffFields, refusedAsFailure, type FieldDiff, type RecordPreview } from '../../../mapping/preview.js';
import { magentoOf, type Ctx } from './clients.js';
import { IMPORTED_ADDRESS_LINK, IMPORTED_CUSTOMER_LINK } from './links.js';
import { customerByEmail, customerById, unchangedSince } from './process.js';
import type { ContactDeletion, ContactDraft, ContactRecord } from './record.js';

type Fields = Record<string, unknown> & { custom_attributes?: { attribute_code: string; value: unknown }[] };

/** Custom attributes by code (the draft's customer has no addresses: they are compared one by one). */
function comparable(customer: Fields): Record<string, unknown> {
  const { custom_attributes, ...rest } = customer;
  return { ...rest, ...(custom_attributes?.length ? { custom_attributes: byAttributeCode(custom_attributes) } : {}) };
}

async function addressDiffs(ctx: Ctx, draft: ContactDraft, customer: MagentoCustomer | undefined): Promise<FieldDiff[]> {
  const own = customer?.addresses ?? [];
  const links = await ctx.links.getMany(IMPORTED_ADDRESS_LINK, own.map((a) => String(a.id)));
  const held = new Map(own.flatMap((a) => {
    const plentyId = links.get(String(a.id))?.plentyId;
    // Magento's answer names an address's default flags only when they are set.
    return plentyId === undefined ? [] : [[plentyId, { default_billing: false, default_shipping: false, ...a } as Record<string, unknown>]];
  }));
  const changed = draft.addresses.flatMap((a) => diffFields(a.body, held.get(String(a.plentyAddressId)))
    .map((d) => ({ ...d, field: `addresses.${a.plentyAddressId}.${d.field}` })));
  // An address imported before whose PlentyONE address is gone: the run leaves it out, and Magento deletes it.
  const current = new Set(draft.addresses.map((a) => String(a.plentyAddressId)));
  const removed = [...held].filter(([plentyId]) => !current.has(plentyId))
    .map(([plentyId, a]) => ({ field: `addresses.${plentyId}`, before: `${(a.street as string[] | undefined)?.join(' ') ?? ''}, ${a.postcode} ${a.city}`, after: null }));
  return [...changed, ...removed];
}

async function previewContact(ctx: Ctx, magento: MagentoClient, key: string, draft: ContactDraft): Promise<RecordPreview> {
  const link = await ctx.links.byPlentyId(IMPORTED_CUSTOMER_LINK, String(draft.contactId));
  if (link?.hash === draft.hash) {
    return { key, action: 'unchanged', targetId: link.magentoKey, reason: unchangedSince(link.magentoKey), diff: [] };
  }
  const customer = (link ? await customerById(ctx, magento, Number(link.magentoKey)) : undefined) ?? await customerByEmail(ctx, magento, draft);
  const diff = [...diffByAttributeCode(comparable(draft.customer), customer && comparable(customer)), ...await addressDiffs(ctx, draft, customer)];
  if (!customer) return { key, action: 'create', diff };
  return { key, action: diff.length ? 'update' : 'unchanged', targetId: String(customer.id), diff };
}

function previewDeletion(ctx: Ctx, key: string, record: ContactDeletion): RecordPreview {
  if (ctx.config.deletions === 'leave') {
    return { key, action: 'skip', targetId: String(record.customerId), reason: `Deleted in PlentyONE; Magento customer ${record.customerId} would be left as it is (deletions is "leave"), the link removed.`, diff: [] };
  }
  return { key, action: 'update', targetId: String(record.customerId), reason: `Deleted in PlentyONE: Magento customer ${record.customerId} would be deleted (deletions is "delete"), the link removed.`, diff: [] };
}

export async function previewContacts(batch: { key: string; record: ContactRecord }[], ctx: Ctx): Promise<RecordPreview[]> {
  const magento = await magentoOf(ctx);
  const out: RecordPreview[] = [];
  for (const { key, record } of batch) {
    if (record.kind === 'skip') out.push({ key, action: 'skip', reason: record.reason, diff: [] });
    else if (record.kind === 'delete') out.push(previewDeletion(ctx, key, record));
    else out.push(await refusedAsFailure(key, () => previewContact(ctx, magento, key, record)));
  }
  return out;
}
