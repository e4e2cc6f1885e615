/**
 * Dry runs of the category import (src/mapping/dry-run.ts). Parents first, as a run goes: each
 * category's Magento parent is resolved as a run resolves it (process.ts `parentOf`, on the run state),
 * and a category the dry run would create stands in that state for its children under a placeholder
 * id (Magento's ids are positive), so a new subtree previews as created rather than failing for want of
 * its parent. Per category: unchanged (link hash), updated with its global values and parent beside
 * Magento's (`name: "Jacken" → "Jackets"`, `parent_id: 12 → 40` for a move), a same-named sibling that
 * would be linked, or created. Store-view values are written where they differ, without a diff. A
 * category PlentyONE no longer has shows what `options.deletions` would do. Reads only.
 */
import type { MagentoCategory } from '../../../connectors/magento/index.js';
import { byAttributeCode, diffByAttributeCode, type RecordPreview } from '../../../mapping/preview.js';
import { hashOf } from '../plenty_item_export/hashes.js';
import { magentoOf, type Ctx } from './clients.js';
import { inputOf } from './magento-writes.js';
import { categoryById, fail, parentOf, siblingNamed } from './process.js';
import { CATEGORY_LINK, type ImportDraft, type ImportRecord } from './record.js';
import { runStateOf } from './run-state.js';

/** The run-state id of a category this dry run would create: negative, so no Magento id is taken for it. */
const planned = (plentyId: number) => -plentyId;
const shown = (id: number) => (id < 0 ? `new (PlentyONE category ${-id})` : id);

type Fields = Record<string, unknown> & { custom_attributes?: { attribute_code: string; value: unknown }[] };

/** Custom attributes by code, the parent as the diff shows it. */
function comparable(category: Fields, parent: number | undefined): Record<string, unknown> {
  const { custom_attributes, ...rest } = category;
  return {
    ...rest,
    ...(custom_attributes?.length ? { custom_attributes: byAttributeCode(custom_attributes) } : {}),
    ...(parent === undefined ? {} : { parent_id: shown(parent) }),
  };
}

const compared = (record: ImportDraft, parent: number, current: MagentoCategory | undefined) =>
  diffByAttributeCode(comparable(inputOf(record.values.global), parent), current && comparable(current, current.parent_id));

async function previewCategory(ctx: Ctx, key: string, record: ImportDraft): Promise<RecordPreview> {
  // Remembered as a run remembers it: the children of a failing category say so.
  const failed = (reason: string): RecordPreview => {
    fail(ctx, record, reason);
    return { key, action: 'fail', reason, diff: [] };
  };
  if (record.problems.length) return failed(record.problems.join(' '));
  const parent = await parentOf(ctx, record);
  if (typeof parent === 'string') return failed(parent);
  const magento = await magentoOf(ctx);
  const state = runStateOf(ctx);
  const { updateExisting, createMissing } = ctx.config.options;
  const link = await ctx.links.byPlentyId(CATEGORY_LINK, key);
  if (link) {
    const id = Number(link.magentoKey);
    state.written.set(record.plentyId, id);
    if (!updateExisting) return { key, action: 'skip', targetId: String(id), reason: `Linked to Magento category ${id}; not updated (options.updateExisting is off).`, diff: [] };
    if (link.hash === hashOf({ parent, values: record.values })) {
      return { key, action: 'unchanged', targetId: String(id), reason: `Unchanged since the last import (Magento category ${id}).`, diff: [] };
    }
    const current = await categoryById(ctx, magento, id);
    if (current) return { key, action: 'update', targetId: String(id), diff: compared(record, parent, current) };
    // Deleted in Magento meanwhile: a run creates it again.
    state.written.delete(record.plentyId);
  }
  if (!createMissing) return { key, action: 'skip', reason: 'Not in Magento yet; not created (options.createMissing is off).', diff: [] };
  const same = parent < 0 || state.created.has(parent) ? undefined : await siblingNamed(ctx, magento, parent, record.values.global.name ?? '');
  if (same !== undefined) {
    state.written.set(record.plentyId, same);
    return {
      key, action: 'update', targetId: String(same), reason: `Magento category ${same} has its name below the same parent: it would be linked and updated.`,
      diff: compared(record, parent, await categoryById(ctx, magento, same)),
    };
  }
  state.written.set(record.plentyId, planned(record.plentyId));
  state.created.add(planned(record.plentyId));
  return { key, action: 'create', diff: compared(record, parent, undefined) };
}

/** What `options.deletions` would do with a category PlentyONE no longer has (process.ts deleteOne). */
async function previewDeletion(ctx: Ctx, key: string): Promise<RecordPreview> {
  const link = await ctx.links.byPlentyId(CATEGORY_LINK, key);
  if (!link) return { key, action: 'skip', reason: 'Deleted in PlentyONE; it was never imported, so there is nothing to change in Magento.', diff: [] };
  const id = link.magentoKey;
  switch (ctx.config.options.deletions) {
    case 'leave':
      return { key, action: 'skip', targetId: id, reason: `Deleted in PlentyONE; Magento category ${id} would be left as it is (options.deletions is "leave").`, diff: [] };
    case 'disable':
      return { key, action: 'update', targetId: id, reason: `Deleted in PlentyONE: Magento category ${id} would be disabled, the link removed.`, diff: [{ field: 'is_active', after: false }] };
    case 'delete':
      return { key, action: 'update', targetId: id, reason: `Deleted in PlentyONE: Magento category ${id} would be deleted, the link removed.`, diff: [] };
  }
}

export async function previewCategories(batch: { key: string; record: ImportRecord }[], ctx: Ctx): Promise<RecordPreview[]> {
  const done = new Set<string>();
  const out: RecordPreview[] = [];
  for (const { key, record } of batch) {
    if (done.has(key)) out.push({ key, action: 'skip', reason: 'Written earlier in this batch.', diff: [] });
    else if (record.kind === 'skip') out.push({ key, action: 'skip', reason: record.reason, diff: [] });
    else if (record.kind === 'delete') out.push(await previewDeletion(ctx, key));
    else out.push(await previewCategory(ctx, key, record));
    done.add(key);
  }
  return out;
}
