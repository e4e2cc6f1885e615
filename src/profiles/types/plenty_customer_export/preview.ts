/**
 * Dry runs of the customer export (src/mapping/dry-run.ts). Per customer, its contact found as a run
 * finds it (its link's hash, the customer link, the e-mail link, then PlentyONE by e-mail): unchanged,
 * created, or updated with the contact's fields and each exported address beside PlentyONE's
 * (`addresses.<Magento address id>.town`; address options by type). The newsletter consent and the
 * company are written as the settings say, without a diff. A deleted customer shows what `deletions`
 * would do. Reads only.
 */
import type { Address, PlentyClient } from '../../../connectors/plenty/index.js';
import { diffFields, refusedAsFailure, type FieldDiff, type RecordPreview } from '../../../mapping/preview.js';
import { CUSTOMER_LINK, EMAIL_LINK } from '../plenty_order_export/contact.js';
import { plentyOf, type Ctx } from './clients.js';
import { contactIdByEmail, CUSTOMER_ADDRESS_LINK, unchangedSince, validId } from './process.js';
import type { CustomerDraft, CustomerRecord } from './record.js';

/** Address options by option type (the answer's options carry ids of their own). */
function comparableAddress(address: Record<string, unknown>): Record<string, unknown> {
  const { options, ...rest } = address as { options?: { typeId: number; value: unknown }[] | null };
  return { ...rest, ...(options ? { options: Object.fromEntries(options.map((o) => [String(o.typeId), String(o.value)])) } : {}) };
}

async function addressDiffs(ctx: Ctx, plenty: PlentyClient, draft: CustomerDraft, contactId: number | undefined): Promise<FieldDiff[]> {
  const links = await ctx.links.getMany(CUSTOMER_ADDRESS_LINK, draft.addresses.map((a) => String(a.magentoId)));
  const held = new Map<number, Address>();
  if (contactId !== undefined && links.size > 0) for (const a of await plenty.contacts.addresses(contactId, ctx.signal)) held.set(a.id, a);
  return draft.addresses.flatMap((a) => {
    const link = links.get(String(a.magentoId));
    const current = link && link.meta?.contactId === contactId ? held.get(Number(link.plentyId)) : undefined;
    return diffFields(comparableAddress(a.body as unknown as Record<string, unknown>), current && comparableAddress(current))
      .map((d) => ({ ...d, field: `addresses.${a.magentoId}.${d.field}` }));
  });
}

async function previewCustomer(ctx: Ctx, plenty: PlentyClient, key: string, draft: CustomerDraft): Promise<RecordPreview> {
  const link = await ctx.links.get(CUSTOMER_LINK, key);
  if (link?.hash === draft.hash) {
    return { key, action: 'unchanged', targetId: link.plentyId, reason: unchangedSince(link.plentyId), diff: [] };
  }
  const contactId = (link ? validId(link.plentyId) : undefined)
    ?? validId((await ctx.links.get(EMAIL_LINK, draft.email))?.plentyId)
    ?? await contactIdByEmail(ctx, plenty, draft.email);
  if (contactId === undefined) {
    return { key, action: 'create', diff: [...diffFields(draft.contact, undefined), ...await addressDiffs(ctx, plenty, draft, undefined)] };
  }
  // An update leaves the contact's e-mail option as PlentyONE has it (process.ts).
  const { options: _options, ...body } = draft.contact;
  const contact = await plenty.contacts.get(contactId, ctx.signal);
  const diff = [...diffFields(body, contact), ...await addressDiffs(ctx, plenty, draft, contactId)];
  return { key, action: diff.length ? 'update' : 'unchanged', targetId: String(contactId), diff };
}

async function previewDeletion(ctx: Ctx, key: string): Promise<RecordPreview> {
  const link = await ctx.links.get(CUSTOMER_LINK, key);
  if (!link) return { key, action: 'skip', reason: 'Deleted in Magento; it was never exported, so there is nothing to do in PlentyONE.', diff: [] };
  if (ctx.config.deletions === 'leave') {
    return { key, action: 'skip', targetId: link.plentyId, reason: `Deleted in Magento; PlentyONE contact ${link.plentyId} would be left as it is (deletions is "leave"), the link removed.`, diff: [] };
  }
  return { key, action: 'update', targetId: link.plentyId, reason: `Deleted in Magento: PlentyONE contact ${link.plentyId} would be deleted unless orders refer to it (deletions is "delete").`, diff: [] };
}

export async function previewCustomers(batch: { key: string; record: CustomerRecord }[], ctx: Ctx): Promise<RecordPreview[]> {
  const plenty = await plentyOf(ctx);
  const out: RecordPreview[] = [];
  for (const { key, record } of batch) {
    if (record.kind === 'skip') out.push({ key, action: 'skip', reason: record.reason, diff: [] });
    else if (record.kind === 'delete') out.push(await previewDeletion(ctx, key));
    else out.push(await refusedAsFailure(key, () => previewCustomer(ctx, plenty, key, record)));
  }
  return out;
}
