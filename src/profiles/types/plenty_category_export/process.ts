/**
 * Writes categories to PlentyONE, parents before children (collect's order), a batch at a time. Per category: its
 * parent's PlentyONE id (the mapped root, this run's result or the link), then the link → update only
 * when the hash changed; without a link, a PlentyONE sibling of the same name is linked instead of
 * creating a second one (a create whose answer was lost is found this way too); else create. A
 * refusal (4xx) fails that category with PlentyONE's message, and its children fail naming it; a
 * transient failure is thrown so the job retries and the run resumes.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import type { CategoryBody, PlentyCategory, PlentyClient } from '../../../connectors/plenty/index.js';
import type { Outcome } from '../../profile-type.js';
import { hashOf } from '../plenty_item_export/hashes.js';
import { ignoreMissing } from '../category-runs.js';
import { plentyOf, type Ctx } from './clients.js';
import { CATEGORY_LINK, type CategoryDraft, type CategoryRecord } from './record.js';
import { runStateOf } from './run-state.js';

export async function processCategories(batch: { key: string; record: CategoryRecord }[], ctx: Ctx): Promise<Outcome[]> {
  const plenty = await plentyOf(ctx);
  const outcomes = new Map<string, Outcome>();
  // A category may come twice in one batch (collected, then again as a failed record of an earlier
  // run): it is written once.
  const seen = new Set<string>();
  let pending = batch.filter(({ key }) => !seen.has(key) && seen.add(key));
  // Waves: a category whose parent is written in this batch waits for the wave that writes the parent.
  while (pending.length > 0) {
    const wave: Planned[] = [];
    const later: typeof pending = [];
    const waiting = new Set(pending.map((p) => p.key));
    for (const item of pending) {
      const { key, record } = item;
      if (record.kind === 'category' && waiting.has(String(record.magentoParentId)) && !outcomes.has(String(record.magentoParentId))) {
        later.push(item);
        continue;
      }
      const planned = await plan(ctx, plenty, key, record).catch((error: unknown) => failure(ctx, key, record, error));
      if ('result' in planned) {
        outcomes.set(key, planned);
        waiting.delete(key);
      } else {
        wave.push(planned);
      }
    }
    for (const outcome of await write(ctx, plenty, wave)) outcomes.set(outcome.key, outcome);
    if (later.length === pending.length) throw new Error('category export: a batch could not be ordered parents first');
    pending = later;
  }
  const told = new Set<string>();
  return batch.map(({ key }) => (told.has(key) ? { key, result: 'skipped', reason: 'Written earlier in this batch.' } : (told.add(key), outcomes.get(key)!)));
}

/** A category to write, once its parent is known. */
export interface Planned {
  key: string;
  record: CategoryDraft;
  body: CategoryBody;
  hash: string;
  /** Update this PlentyONE category (linked, or a same-named sibling); absent: create. */
  id?: number;
  /** The PlentyONE category is a same-named sibling, linked by this write. */
  sibling?: boolean;
}

/** The start of the reason a category unchanged since the last export is skipped with. */
export const UNCHANGED = 'Unchanged since the last export';

/** What a category needs: nothing (an outcome), or a create or update (a Planned write). */
export async function plan(ctx: Ctx, plenty: PlentyClient, key: string, record: CategoryRecord): Promise<Planned | Outcome> {
  const state = runStateOf(ctx);
  if (record.kind === 'skip') return { key, result: 'skipped', reason: record.reason };
  if (record.kind === 'delete') return deleteOne(ctx, plenty, key);
  if (record.problems.length) return fail(ctx, record, record.problems.join(' '));
  const parent = await parentOf(ctx, record);
  if (typeof parent === 'string') return fail(ctx, record, parent);
  const body: CategoryBody = { parentCategoryId: parent, type: 'item', linklist: record.linklist, details: record.details, clients: record.clients.map((plentyId) => ({ plentyId })) };
  const hash = hashOf(body);
  const link = await ctx.links.get(CATEGORY_LINK, key);
  if (link) {
    const id = Number(link.plentyId);
    if (ctx.config.options.skipUnchanged && link.hash === hash) {
      state.written.set(record.magentoId, id);
      return { key, result: 'skipped', reason: `${UNCHANGED} (PlentyONE category ${id}).` };
    }
    if ((await plenty.categories.get(id, [], ctx.signal)) !== undefined) return { key, record, body, hash, id };
    // Deleted in PlentyONE meanwhile: created again.
    await ctx.links.remove(CATEGORY_LINK, key);
  }
  const same = await siblingNamed(ctx, plenty, parent, record);
  return same ? { key, record, body, hash, id: same.id, sibling: true } : { key, record, body, hash };
}

/**
 * One PUT for the updates and one POST for the creates of a wave (both routes take arrays). A refusal
 * of the whole array is narrowed down by writing its categories one at a time, so only the refused
 * ones fail.
 */
async function write(ctx: Ctx, plenty: PlentyClient, wave: Planned[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const [group, call] of [
    [wave.filter((p) => p.id !== undefined), (ps: Planned[]) => plenty.categories.update(ps.map((p) => ({ id: p.id, ...p.body })), ctx.signal)],
    [wave.filter((p) => p.id === undefined), (ps: Planned[]) => plenty.categories.create(ps.map((p) => p.body), ctx.signal)],
  ] as const) {
    if (group.length === 0) continue;
    try {
      outcomes.push(...(await linkWritten(ctx, group, await call(group))));
    } catch (error) {
      if (!(error instanceof PermanentApiError) || group.length === 1) {
        outcomes.push(...group.map((p) => failure(ctx, p.key, p.record, error)));
        continue;
      }
      for (const one of group) {
        try {
          outcomes.push(...(await linkWritten(ctx, [one], await call([one]))));
        } catch (e) {
          outcomes.push(failure(ctx, one.key, one.record, e));
        }
      }
    }
  }
  return outcomes;
}

async function linkWritten(ctx: Ctx, planned: Planned[], answer: { id: number }[]): Promise<Outcome[]> {
  const state = runStateOf(ctx);
  const rows = planned.map((p, i) => {
    const id = p.id ?? answer[i]?.id;
    if (id === undefined) throw new PermanentApiError('PlentyONE answered the category write without the category', { system: 'plenty', route: 'POST /rest/categories' });
    state.written.set(p.record.magentoId, id);
    if (p.id === undefined) state.created.add(id);
    return { entityType: CATEGORY_LINK, magentoKey: p.key, plentyId: String(id), hash: p.hash, meta: { rootId: p.record.placement.rootId, source: 'export' } };
  });
  await ctx.links.upsertMany(rows);
  return planned.map((p): Outcome => ({ key: p.key, result: p.id === undefined ? 'created' : 'updated' }));
}

/** A refusal (4xx) fails the category and tells its children; anything else stops the batch (retried). */
export function failure(ctx: Ctx, key: string, record: CategoryRecord, error: unknown): Outcome {
  if (!(error instanceof PermanentApiError)) throw error;
  return record.kind === 'category' ? fail(ctx, record, error.message) : { key, result: 'failed', reason: error.message };
}

function fail(ctx: Ctx, record: CategoryDraft, reason: string): Outcome {
  runStateOf(ctx).failed.set(record.magentoId, reason);
  return { key: String(record.magentoId), result: 'failed', reason };
}

/** The PlentyONE parent id (null: top level), or why there is none yet. */
async function parentOf(ctx: Ctx, record: CategoryDraft): Promise<number | null | string> {
  const { magentoParentId, placement } = record;
  if (magentoParentId === placement.rootId) return placement.plentyRootId;
  const state = runStateOf(ctx);
  const written = state.written.get(magentoParentId);
  if (written !== undefined) return written;
  const failed = state.failed.get(magentoParentId);
  if (failed !== undefined) {
    return `Its parent, Magento category ${magentoParentId}, failed: ${failed} This category is exported by the next run after its parent succeeds.`;
  }
  const link = await ctx.links.get(CATEGORY_LINK, String(magentoParentId));
  if (link) return Number(link.plentyId);
  return `Its parent, Magento category ${magentoParentId}, is not in PlentyONE yet: it is exported together with its parent (run the profile for both, or a full run).`;
}

/** A PlentyONE category under the same parent with this category's name in the first mapped client and language. */
async function siblingNamed(ctx: Ctx, plenty: PlentyClient, parent: number | null, record: CategoryDraft): Promise<PlentyCategory | undefined> {
  const first = record.details[0];
  const state = runStateOf(ctx);
  if (!first?.name || (parent !== null && state.created.has(parent))) return undefined;
  const cacheKey = String(parent);
  let children = state.children.get(cacheKey);
  if (!children) {
    const langs = [...new Set(record.details.map((d) => d.lang))];
    const scan = plenty.categories.scan({ type: 'item', with: ['details'], langs, signal: ctx.signal, ...(parent === null ? { level: 1 } : { parentId: parent }) });
    children = (async () => {
      const out: PlentyCategory[] = [];
      for await (const c of scan) out.push(c);
      return out;
    })();
    children.catch(() => state.children.delete(cacheKey));
    // Categories created later in this run are linked (and skipped here), so the list stays valid.
    state.children.set(cacheKey, children);
  }
  const linked = new Set(state.written.values());
  const named = (await children).filter((c) => !linked.has(c.id)
    && (c.details ?? []).some((d) => d.plentyId === first.plentyId && d.lang === first.lang && d.name === first.name));
  // One linked to another Magento category (written by an earlier run) is not this one's.
  for (const c of named) if (!(await ctx.links.byPlentyId(CATEGORY_LINK, String(c.id)))) return c;
  return undefined;
}

/**
 * What `options.deletions` does with a category deleted in Magento, decided without writing: an outcome
 * (never exported, or left), or the PlentyONE category to deactivate or delete (a dry run says so).
 */
export async function planDeletion(ctx: Ctx, key: string): Promise<Outcome | { remove: 'deactivate' | 'delete'; id: number }> {
  const link = await ctx.links.get(CATEGORY_LINK, key);
  if (!link) return { key, result: 'skipped', reason: 'Deleted in Magento; it was never exported, so there is nothing to remove in PlentyONE.' };
  const id = Number(link.plentyId);
  const mode = ctx.config.options.deletions;
  if (mode === 'leave') return { key, result: 'skipped', reason: `Deleted in Magento; PlentyONE category ${id} is left as it is (options.deletions is "leave").` };
  return { remove: mode, id };
}

/** A category deleted in Magento, as `options.deletions` says. */
async function deleteOne(ctx: Ctx, plenty: PlentyClient, key: string): Promise<Outcome> {
  const plan = await planDeletion(ctx, key);
  if ('result' in plan) return plan;
  const { id } = plan;
  if (plan.remove === 'deactivate') {
    await ignoreMissing(plenty.categories.unlinkClients(id, ctx.signal));
    // A changed hash: should the Magento category come back, it is written (and shown) again.
    await ctx.links.upsert({ entityType: CATEGORY_LINK, magentoKey: key, plentyId: String(id), hash: 'deactivated' });
  } else {
    await ignoreMissing(plenty.categories.delete(id, ctx.signal));
    await ctx.links.remove(CATEGORY_LINK, key);
  }
  return { key, result: 'updated' };
}
