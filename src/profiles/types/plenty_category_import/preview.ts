/**
 * Dry runs of the category import (src/mapping/dry-run.ts). Parents first, as a run goes: each
 * category is planned exactly as a run plans it (process.ts `planImport`: parent, link hash, a
 * same-named Magento sibling to adopt), on the run state, and a category the dry run would create stands in that state for its children under a placeholder
 * id (Magento's ids are positive), so a new subtree previews as created rather than failing for want of
 * its parent. Per category: unchanged (link hash), updated with its global values and parent beside
 * Magento's (`name: "Jacken" → "Jackets"`, `parent_id: 12 → 40` for a move), a same-named sibling that
 * would be linked, or created. Store-view values are written where they differ, without a diff. A
 * category PlentyONE no longer has shows what `options.deletions` would do. Reads only.
 */
import type { MagentoCategory } from '../../../connectors/magento/index.js';
import { byAttributeCode, diffByAttributeCode, previewOfOutcome, type RecordPreview } from '../../../mapping/preview.js';
import { magentoOf, type Ctx } from './clients.js';
import { inputOf } from './magento-writes.js';
import { categoryById, planDeletion, planImport, UNCHANGED } from './process.js';
import type { ImportDraft, ImportRecord } from './record.js';
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
  const magento = await magentoOf(ctx);
  const plan = await planImport(ctx, magento, key, record);
  if ('result' in plan) return previewOfOutcome(plan, UNCHANGED);
  const state = runStateOf(ctx);
  switch (plan.write) {
    case 'update':
      return { key, action: 'update', targetId: String(plan.current.id), diff: compared(record, plan.parent, plan.current) };
    case 'adopt':
      state.written.set(record.plentyId, plan.id);
      return {
        key, action: 'update', targetId: String(plan.id), reason: `Magento category ${plan.id} has its name below the same parent: it would be linked and updated.`,
        diff: compared(record, plan.parent, await categoryById(ctx, magento, plan.id)),
      };
    case 'create':
      state.written.set(record.plentyId, planned(record.plentyId));
      state.created.add(planned(record.plentyId));
      return { key, action: 'create', diff: compared(record, plan.parent, undefined) };
  }
}

/** What `options.deletions` would do with a category PlentyONE no longer has (process.ts planDeletion). */
async function previewDeletion(ctx: Ctx, key: string): Promise<RecordPreview> {
  const plan = await planDeletion(ctx, key);
  if ('result' in plan) return previewOfOutcome(plan);
  return {
    key, action: 'update', targetId: String(plan.id),
    reason: `Deleted in PlentyONE: Magento category ${plan.id} would be ${plan.remove === 'disable' ? 'disabled' : 'deleted'}, the link removed.`,
    diff: plan.remove === 'disable' ? [{ field: 'is_active', after: false }] : [],
  };
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
