import { linkPages } from '../../link-pages.js';
import type { Collected } from '../../profile-type.js';
import { IMPORTED_CUSTOMER_LINK } from './links.js';
import { scanStart } from '../plenty_order_export/collect.js';
import { plentyOf, type Ctx } from './clients.js';
import type { RawContact } from './record.js';

/** Delta runs start at the watermark (same state key as every profile's) minus the overlap. */
export { WATERMARK_KEY } from '../plenty_order_export/collect.js';

interface IdsCheckpoint { next: number }
interface ScanCheckpoint { since: string }

/**
 * Streams the contacts of a run with their addresses. `ids` (PlentyONE contact callbacks, manual runs):
 * each contact id; `delta`: contacts with `updatedAtAfter` the watermark minus the overlap; `full`:
 * every contact, then (`scanDeletions`) the imported contacts PlentyONE no longer has. Scans ask PlentyONE for one contact type when only one is wanted and filter the rest
 * (several types, classes) here.
 */
export async function* collectContacts(ctx: Ctx, checkpoint: unknown): AsyncIterable<Collected<RawContact>> {
  const plenty = await plentyOf(ctx);
  const input = ctx.run.input;
  if (input.mode === 'ids') {
    const ids = [...new Set((input.ids ?? []).map((id) => id.trim()))];
    for (let i = (checkpoint as IdsCheckpoint | undefined)?.next ?? 0; i < ids.length; i++) {
      const id = ids[i]!;
      const [contact] = /^\d+$/.test(id) ? await collectAll(plenty.contacts.list({ contactId: id, ...withAccounts(ctx) }, { pageSize: 1, signal: ctx.signal })) : [];
      const raw: RawContact = contact && contact.id === Number(id)
        ? { contact, addresses: await plenty.contacts.addresses(contact.id, ctx.signal) }
        : { missing: id };
      yield { key: id, raw, checkpoint: { next: i + 1 } satisfies IdsCheckpoint };
    }
    return;
  }
  const since = (checkpoint as ScanCheckpoint | undefined)?.since ?? (await scanStart(ctx)).toISOString();
  const { typeIds, classIds } = ctx.config.filters;
  const query: Record<string, string | number> = { ...withAccounts(ctx) };
  if (new Date(since).getTime() > 0) query.updatedAtAfter = since;
  if (typeIds.length === 1) query.typeId = typeIds[0]!;
  // A resumed run has not seen the pages before its checkpoint: only a whole full scan says who is gone.
  const seen = ctx.config.scanDeletions && input.mode === 'full' && checkpoint === undefined ? new Set<string>() : undefined;
  for await (const contact of plenty.contacts.list(query, { pageSize: ctx.config.collection.pageSize, signal: ctx.signal })) {
    seen?.add(String(contact.id));
    // Filtered here as well as in transform: a scan does not fetch the addresses of contacts it leaves out.
    if (typeIds.length && !typeIds.includes(Number(contact.typeId))) continue;
    if (classIds.length && !classIds.includes(Number(contact.classId))) continue;
    yield { key: String(contact.id), raw: { contact, addresses: await plenty.contacts.addresses(contact.id, ctx.signal) }, checkpoint: { since } satisfies ScanCheckpoint };
  }
  if (!seen) return;
  // Imported contacts the scan did not list: gone, or left out by the type filter. Each is looked up;
  // one PlentyONE no longer has goes the way of a deleted contact (transform: `missing` with a link).
  for await (const page of linkPages(ctx.db, IMPORTED_CUSTOMER_LINK, 1000)) {
    for (const { plentyId: id } of page) {
      if (seen.has(id)) continue;
      const [contact] = await collectAll(plenty.contacts.list({ contactId: id }, { pageSize: 1, signal: ctx.signal }));
      if (contact?.id !== Number(id)) yield { key: id, raw: { missing: id }, checkpoint: { since } satisfies ScanCheckpoint };
    }
  }
}

/** b2bAccounts: contacts are read with their companies. */
const withAccounts = (ctx: Ctx): Record<string, string> => (ctx.config.b2bAccounts ? { with: 'accounts' } : {});

async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
