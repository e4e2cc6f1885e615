/**
 * Writes PlentyONE categories into Magento, parents first. Per category: the Magento parent (the
 * mapped root, this run's result, or the link), then the link → update only when the hash changed
 * (options.updateExisting), moving the Magento category first when its parent is no longer the one the
 * PlentyONE parent maps to (the hash covers the parent); without a link, a Magento sibling of the same name is linked instead of
 * creating a second one; else create (options.createMissing). A refusal (4xx, a URL key clash that
 * could not be resolved) fails that category with Magento's message and its children name it; a
 * transient failure is thrown so the job retries and the run resumes.
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import { searchCriteria, type MagentoCategory, type MagentoClient } from '../../../connectors/magento/index.js';
import type { Outcome } from '../../profile-type.js';
import { hashOf } from '../plenty_item_export/hashes.js';
import { ignoreMissing } from '../category-runs.js';
import { magentoOf, type Ctx } from './clients.js';
import { createCategory, updateCategory } from './magento-writes.js';
import { CATEGORY_LINK, type ImportDraft, type ImportRecord } from './record.js';
import { runStateOf } from './run-state.js';

export async function processCategories(batch: { key: string; record: ImportRecord }[], ctx: Ctx): Promise<Outcome[]> {
  const magento = await magentoOf(ctx);
  const done = new Set<string>();
  const out: Outcome[] = [];
  for (const { key, record } of batch) {
    // A category may come twice in one batch (collected, then again as an earlier run's failure).
    out.push(done.has(key) ? { key, result: 'skipped', reason: 'Written earlier in this batch.' } : await importOne(ctx, magento, key, record));
    done.add(key);
  }
  return out;
}

/** The start of the reason an unchanged linked category is skipped with. */
export const UNCHANGED = 'Unchanged since the last import';

/**
 * What a category needs, decided without writing to Magento: an outcome already (skipped, failed), or
 * a write: `update` a linked category (moved first when its parent changed), `adopt` a same-named
 * Magento sibling, or `create`. A dry run previews the same decisions (preview.ts).
 */
export type ImportPlan =
  | Outcome
  | { write: 'update'; parent: number; hash: string; current: MagentoCategory }
  | { write: 'adopt'; parent: number; hash: string; id: number }
  | { write: 'create'; parent: number; hash: string };

export async function planImport(ctx: Ctx, magento: MagentoClient, key: string, record: ImportDraft): Promise<ImportPlan> {
  if (record.problems.length) return fail(ctx, record, record.problems.join(' '));
  const parent = await parentOf(ctx, record);
  if (typeof parent === 'string') return fail(ctx, record, parent);
  const hash = hashOf({ parent, values: record.values });
  const state = runStateOf(ctx);
  const link = await ctx.links.byPlentyId(CATEGORY_LINK, key);
  if (link) {
    const id = Number(link.magentoKey);
    state.written.set(record.plentyId, id);
    if (!ctx.config.options.updateExisting) return { key, result: 'skipped', reason: `Linked to Magento category ${id}; not updated (options.updateExisting is off).` };
    if (link.hash === hash) return { key, result: 'skipped', reason: `${UNCHANGED} (Magento category ${id}).` };
    const current = await categoryById(ctx, magento, id);
    if (current?.parent_id !== undefined) return { write: 'update', parent, hash, current };
    // Deleted in Magento meanwhile: created again.
    await ctx.links.remove(CATEGORY_LINK, String(id));
    state.written.delete(record.plentyId);
  }
  if (!ctx.config.options.createMissing) return { key, result: 'skipped', reason: 'Not in Magento yet; not created (options.createMissing is off).' };
  const same = state.created.has(parent) ? undefined : await siblingNamed(ctx, magento, parent, record.values.global.name ?? '');
  return same === undefined ? { write: 'create', parent, hash } : { write: 'adopt', parent, hash, id: same };
}

async function importOne(ctx: Ctx, magento: MagentoClient, key: string, record: ImportRecord): Promise<Outcome> {
  if (record.kind === 'skip') return { key, result: 'skipped', reason: record.reason };
  try {
    if (record.kind === 'delete') return await deleteOne(ctx, magento, key);
    const plan = await planImport(ctx, magento, key, record);
    if ('result' in plan) return plan;
    const meta = { rootId: record.placement.magentoRootId, source: 'import' };
    const state = runStateOf(ctx);
    const linked = (id: number) => ctx.links.upsert({ entityType: CATEGORY_LINK, magentoKey: String(id), plentyId: key, hash: plan.hash, meta });
    switch (plan.write) {
      case 'update': {
        const { id } = plan.current;
        // A new PlentyONE parent: the Magento category moves (with its subtree) below the mapped one.
        if (plan.current.parent_id !== plan.parent) {
          const refused = await move(ctx, magento, id, plan.parent);
          if (refused) return fail(ctx, record, refused);
        }
        await updateCategory(ctx, magento, id, record.values, record.plentyId);
        await linked(id);
        return { key, result: 'updated' };
      }
      case 'adopt':
        await updateCategory(ctx, magento, plan.id, record.values, record.plentyId);
        await linked(plan.id);
        state.written.set(record.plentyId, plan.id);
        return { key, result: 'updated' };
      case 'create': {
        const created = await createCategory(ctx, magento, plan.parent, record.values, record.plentyId);
        await linked(created.id);
        state.written.set(record.plentyId, created.id);
        state.created.add(created.id);
        return { key, result: 'created' };
      }
    }
  } catch (error) {
    if (!(error instanceof PermanentApiError)) throw error;
    return record.kind === 'category' ? fail(ctx, record, error.message) : { key, result: 'failed', reason: error.message };
  }
}

/** Fails the category and remembers why, so its children name it. */
function fail(ctx: Ctx, record: ImportDraft, reason: string): Outcome {
  runStateOf(ctx).failed.set(record.plentyId, reason);
  return { key: String(record.plentyId), result: 'failed', reason };
}

/** The Magento id of the category's parent, or why it has none yet. */
async function parentOf(ctx: Ctx, record: ImportDraft): Promise<number | string> {
  const { plentyParentId, placement } = record;
  if (plentyParentId === placement.plentyRootId) return placement.magentoRootId;
  if (plentyParentId === null) return `It is a top-level PlentyONE category, not below the mapped PlentyONE category ${placement.plentyRootId}.`;
  const state = runStateOf(ctx);
  const written = state.written.get(plentyParentId);
  if (written !== undefined) return written;
  const failed = state.failed.get(plentyParentId);
  if (failed !== undefined) return `Its parent, PlentyONE category ${plentyParentId}, failed: ${failed} This category is imported by the next run after its parent succeeds.`;
  const link = await ctx.links.byPlentyId(CATEGORY_LINK, String(plentyParentId));
  if (link) return Number(link.magentoKey);
  return `Its parent, PlentyONE category ${plentyParentId}, is not in Magento yet: it is imported together with its parent (run the profile for both, or a full run).`;
}

/** Moves a Magento category below `parent`; Magento's refusal, with what was tried, or undefined. */
async function move(ctx: Ctx, magento: MagentoClient, id: number, parent: number): Promise<string | undefined> {
  try {
    await magento.categories.move(id, parent, { signal: ctx.signal });
    return undefined;
  } catch (error) {
    if (!(error instanceof PermanentApiError)) throw error;
    return `Magento refused to move category ${id} below category ${parent}, its new parent in PlentyONE: ${error.message} (A sibling there with the same URL key is the usual cause: rename one of them.)`;
  }
}

/** A Magento category by id (global values); undefined when it was deleted in Magento. */
export async function categoryById(ctx: Ctx, magento: MagentoClient, id: number): Promise<MagentoCategory | undefined> {
  const { items } = await magento.categories.list(searchCriteria().where('entity_id', id).pageSize(1), { store: 'all', signal: ctx.signal });
  return items[0];
}

/** A Magento category below `parent` with this (global) name that no PlentyONE category is linked to yet. */
async function siblingNamed(ctx: Ctx, magento: MagentoClient, parent: number, name: string): Promise<number | undefined> {
  if (!name) return undefined;
  const criteria = searchCriteria().where('parent_id', parent).where('name', name).pageSize(20);
  const { items } = await magento.categories.list(criteria, { store: 'all', signal: ctx.signal });
  for (const c of items) if (!(await ctx.links.get(CATEGORY_LINK, String(c.id)))) return c.id;
  return undefined;
}

/**
 * What `options.deletions` does with a category PlentyONE no longer has, decided without writing: an
 * outcome (never imported, or left), or the Magento category to disable or delete (a dry run says so).
 */
export async function planDeletion(ctx: Ctx, key: string): Promise<Outcome | { remove: 'disable' | 'delete'; id: number }> {
  const link = await ctx.links.byPlentyId(CATEGORY_LINK, key);
  if (!link) return { key, result: 'skipped', reason: 'Deleted in PlentyONE; it was never imported, so there is nothing to change in Magento.' };
  const id = Number(link.magentoKey);
  const mode = ctx.config.options.deletions;
  if (mode === 'leave') return { key, result: 'skipped', reason: `Deleted in PlentyONE; Magento category ${id} is left as it is (options.deletions is "leave").` };
  return { remove: mode, id };
}

async function deleteOne(ctx: Ctx, magento: MagentoClient, key: string): Promise<Outcome> {
  const plan = await planDeletion(ctx, key);
  if ('result' in plan) return plan;
  const { id } = plan;
  if (plan.remove === 'disable') await ignoreMissing(magento.categories.update(id, { is_active: false }, { store: 'all', signal: ctx.signal }));
  else await ignoreMissing(magento.categories.delete(id, { signal: ctx.signal }));
  await ctx.links.remove(CATEGORY_LINK, String(id));
  return { key, result: 'updated' };
}
