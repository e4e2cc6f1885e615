/**
 * Dry runs of the stock import (src/mapping/dry-run.ts). Per changed SKU: the source items a run would
 * write, beside what Magento holds at those sources now (one source item search per 300, as the drift
 * report reads them); a SKU Magento does not know is skipped, as a run skips it. Per group of
 * variations that need no write: one line with its counts (a reconciliation's unchanged variations are
 * counted, not listed). With skipUnmanaged, "Manage Stock" is asked as a run asks it (SKU by SKU, those
 * not remembered in their link): a SKU whose stock Magento does not manage shows as skipped. Reads only.
 */
import type { MagentoSourceItem } from '../../../connectors/magento/index.js';
import { connectorsOf } from '../../../connectors/services.js';
import { diffFields, type RecordPreview } from '../../../mapping/preview.js';
import type { RunContext } from '../../profile-type.js';
import type { StockImportConfig } from './config.js';
import { magentoSourceItems, sourceKey, unknownSkus } from './magento-reads.js';
import { notInMagento, UNCHANGED, UNCHANGED_COUNTED, unmanagedReason, type SkipGroup, type StockRaw, type Write } from './records.js';
import { askManageStock } from './write.js';

type Ctx = RunContext<StockImportConfig>;

export async function previewStock(batch: { key: string; record: StockRaw }[], ctx: Ctx): Promise<RecordPreview[]> {
  const writes = batch.flatMap(({ record }) => (record.kind === 'write' ? [record] : []));
  let current = new Map<string, MagentoSourceItem>();
  let unknown = new Set<string>();
  let unmanaged = new Set<string>();
  if (writes.length > 0) {
    const magento = await connectorsOf(ctx).magento(ctx.config.connection.magento);
    const skus = [...new Set(writes.map((w) => w.sku))];
    const sources = [...new Set(writes.flatMap((w) => w.items.map((i) => i.source_code)))];
    current = await magentoSourceItems(magento, skus, sources, ctx.signal);
    const held = new Set([...current.values()].map((i) => i.sku));
    unknown = await unknownSkus(magento, skus.filter((sku) => !held.has(sku)), ctx.signal);
    // As a run asks it before writing: a SKU whose stock Magento does not manage is skipped.
    if (ctx.config.skipUnmanaged) unmanaged = await askManageStock(magento, writes.filter((w) => !unknown.has(w.sku)), unknown, ctx);
  }
  return batch.map(({ key, record }) => (record.kind === 'write' ? previewWrite(key, record, current, unknown, unmanaged) : previewGroup(key, record)));
}

function previewWrite(key: string, write: Write, current: Map<string, MagentoSourceItem>, unknown: Set<string>, unmanaged: Set<string>): RecordPreview {
  if (unknown.has(write.sku)) return { key, action: 'skip', reason: notInMagento(write.sku), diff: [] };
  if (unmanaged.has(write.sku)) return { key, action: 'skip', reason: unmanagedReason(write.sku), diff: [] };
  const desired: Record<string, { quantity: number; status: number }> = {};
  const now: Record<string, { quantity: number; status: number }> = {};
  for (const item of write.items) {
    desired[item.source_code] = { quantity: item.quantity, status: item.status };
    const held = current.get(sourceKey(item.sku, item.source_code));
    if (held) now[item.source_code] = { quantity: held.quantity, status: held.status };
  }
  const diff = diffFields(desired, now);
  const reason = diff.length === 0
    ? 'Magento holds these values already (changed there since the last import): a run writes them again and records them.'
    : undefined;
  return { key, action: Object.keys(now).length === 0 ? 'create' : 'update', ...(reason ? { reason } : {}), diff };
}

/** A group of records needing no write: its named skips and counted unchanged variations, in one line. */
function previewGroup(key: string, group: SkipGroup): RecordPreview {
  const parts: string[] = [];
  if (group.unchanged > 0) parts.push(`${group.unchanged} variation(s): ${UNCHANGED_COUNTED}`);
  const reasons = new Map<string, number>();
  for (const e of group.entries) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
  for (const [reason, count] of reasons) parts.push(count === 1 ? reason : `${count} variation(s): ${reason}`);
  // Named unchanged variations (a run for named ones names them) are unchanged too, not skipped for a reason.
  const unchanged = group.entries.every((e) => e.reason === UNCHANGED);
  return { key, action: unchanged ? 'unchanged' : 'skip', reason: parts.join(' '), diff: [] };
}
