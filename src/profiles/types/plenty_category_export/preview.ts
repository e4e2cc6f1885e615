/**
 * Dry runs of the category export (src/mapping/dry-run.ts). Each category is planned exactly as a run
 * plans it (process.ts `plan`: parent, link hash, a same-named PlentyONE sibling to link), on the run
 * state, and a category the dry run would create stands in that state for its children under a
 * placeholder id (PlentyONE's ids are positive), so a new subtree previews as created. An update shows
 * the body a run would send beside PlentyONE's category (`details.1000.de.name`, `parentCategoryId` for
 * a move, the clients as a sorted list). A category deleted in Magento shows what `options.deletions`
 * would do. Reads only (the dry run's link store drops writes).
 */
import type { PlentyCategory, PlentyClient } from '../../../connectors/plenty/index.js';
import { diffFields, previewOfOutcome, type RecordPreview } from '../../../mapping/preview.js';
import { plentyOf, type Ctx } from './clients.js';
import { failure, plan, planDeletion, UNCHANGED, type Planned } from './process.js';
import type { CategoryDraft, CategoryRecord } from './record.js';
import { runStateOf } from './run-state.js';

/** The run-state id of a category this dry run would create: negative, so no PlentyONE id is taken for it. */
const planned = (magentoId: number) => -magentoId;
const shown = (id: unknown) => (typeof id === 'number' && id < 0 ? `new (Magento category ${-id})` : id);

type Body = { parentCategoryId?: unknown; details?: { plentyId: number; lang: string }[]; clients?: { plentyId: number }[]; [key: string]: unknown };

/** Details by client and language, clients as sorted ids, a planned parent by name. */
function comparable(category: Body): Record<string, unknown> {
  const { details, clients, parentCategoryId, ...rest } = category;
  return {
    ...rest,
    parentCategoryId: shown(parentCategoryId ?? null),
    ...(details ? { details: Object.fromEntries(details.map(({ plentyId, lang, ...d }) => [`${plentyId}.${lang}`, d])) } : {}),
    ...(clients ? { clients: clients.map((c) => c.plentyId).sort((a, b) => a - b) } : {}),
  };
}

async function previewPlanned(ctx: Ctx, plenty: PlentyClient, p: Planned): Promise<RecordPreview> {
  const state = runStateOf(ctx);
  if (p.id === undefined) {
    state.written.set(p.record.magentoId, planned(p.record.magentoId));
    state.created.add(planned(p.record.magentoId));
    return { key: p.key, action: 'create', diff: diffFields(comparable(p.body as Body), undefined) };
  }
  state.written.set(p.record.magentoId, p.id);
  const current: PlentyCategory | undefined = await plenty.categories.get(p.id, [...new Set(p.record.details.map((d) => d.lang))], ctx.signal);
  return {
    key: p.key, action: 'update', targetId: String(p.id),
    ...(p.sibling ? { reason: `PlentyONE category ${p.id} has its name below the same parent: it would be linked and updated.` } : {}),
    diff: diffFields(comparable(p.body as Body), current && comparable(current as Body)),
  };
}

async function previewCategory(ctx: Ctx, plenty: PlentyClient, key: string, record: CategoryDraft | { kind: 'skip'; magentoId: number; reason: string }): Promise<RecordPreview> {
  // As process.ts plans it: a refusal (4xx) fails the category and tells its children.
  const next = await plan(ctx, plenty, key, record).catch((error: unknown) => failure(ctx, key, record, error));
  return 'result' in next ? previewOfOutcome(next, UNCHANGED) : previewPlanned(ctx, plenty, next);
}

/** What `options.deletions` would do with a category deleted in Magento (process.ts planDeletion). */
async function previewDeletion(ctx: Ctx, key: string): Promise<RecordPreview> {
  const plan = await planDeletion(ctx, key);
  if ('result' in plan) return previewOfOutcome(plan);
  const done = plan.remove === 'deactivate' ? 'taken out of every client (options.deletions is "deactivate")' : 'deleted, the link removed';
  return { key, action: 'update', targetId: String(plan.id), reason: `Deleted in Magento: PlentyONE category ${plan.id} would be ${done}.`, diff: [] };
}

export async function previewCategories(batch: { key: string; record: CategoryRecord }[], ctx: Ctx): Promise<RecordPreview[]> {
  const plenty = await plentyOf(ctx);
  const done = new Set<string>();
  const out: RecordPreview[] = [];
  // Parents come first in collect's order, so each category's parent is planned before it.
  for (const { key, record } of batch) {
    if (done.has(key)) out.push({ key, action: 'skip', reason: 'Written earlier in this batch.', diff: [] });
    else if (record.kind === 'delete') out.push(await previewDeletion(ctx, key));
    else out.push(await previewCategory(ctx, plenty, key, record));
    done.add(key);
  }
  return out;
}
