/**
 * Dry runs of the item export (src/mapping/dry-run.ts): per item, whether it would be created or
 * updated, with a field-level diff of each variation (base fields, prices, barcodes, categories) and
 * of the texts per language against what PlentyONE holds, and the attributes, values, properties and
 * selections it would create and the values it would rename first (the dry run plans them instead:
 * planned-writes.ts). Reads only.
 */
import { z } from 'zod';
import type { PlentyClient } from '../../../connectors/plenty/index.js';
import { envelopeOf } from '../../../connectors/plenty/schemas/common.js';
import { variationSchema } from '../../../connectors/plenty/schemas/variations.js';
import { connectorsOf } from '../../../connectors/services.js';
import { diffFields, type FieldDiff, type RecordPreview } from '../../../mapping/preview.js';
import type { RunContext } from '../../profile-type.js';
import type { ItemExportConfig } from './config.js';
import { plannedWritesOf, type PlannedKey } from './planned-writes.js';
import { ITEM_ENTITY, type ExportRecord, type ItemRecord, type VariationRecord } from './record.js';

type Ctx = RunContext<ItemExportConfig>;

const currentSchema = variationSchema.extend({
  variationCategories: z.array(z.looseObject({ categoryId: z.coerce.number() })).optional(),
});
type Current = z.output<typeof currentSchema>;
const textSchema = z.looseObject({ lang: z.string() });

/** A variation as compared: base fields, prices by sales price, barcodes by barcode type, categories. */
function desiredOf(v: VariationRecord): Record<string, unknown> {
  return {
    ...v.base,
    prices: Object.fromEntries(v.prices.map((p) => [String(p.salesPriceId), p.price])),
    barcodes: Object.fromEntries(v.barcodes.map((b) => [String(b.barcodeId), b.code])),
    categoryIds: [...v.categoryIds].sort((a, b) => a - b),
  };
}
function currentOf(c: Current): Record<string, unknown> {
  return {
    ...c,
    prices: Object.fromEntries((c.variationSalesPrices ?? []).map((p) => [String(p.salesPriceId), p.price])),
    barcodes: Object.fromEntries((c.variationBarcodes ?? []).map((b) => [String(b.barcodeId), b.code])),
    categoryIds: (c.variationCategories ?? []).map((x) => x.categoryId).sort((a, b) => a - b),
  };
}

async function variations(plenty: PlentyClient, query: Record<string, string | number>, signal: AbortSignal): Promise<Current[]> {
  const answer = await plenty.request('GET', '/rest/items/variations', {
    query: { ...query, with: 'variationSalesPrices,variationBarcodes,variationCategories', itemsPerPage: 250 }, schema: envelopeOf(currentSchema), signal,
  });
  return answer.entries;
}

/** What the dry run planned instead of writing for what the record's variations name (planned-writes.ts), as a sentence. */
function plannedOf(ctx: Ctx, record: ItemRecord): { reason: string } | Record<string, never> {
  const keys = record.variations.flatMap((v): PlannedKey[] => [
    ...v.attributeValues.flatMap((a): PlannedKey[] => [`new:${a.attributeId}`, `new:${a.valueId}`, `value:${a.valueId}`]),
    ...(v.properties ?? []).flatMap((p): PlannedKey[] => [`new:${p.propertyId}`, `property:${p.propertyId}`, ...(p.selectionValues ?? []).flatMap((s): PlannedKey[] => [`new:${s.selectionId}`, `selection:${s.selectionId}`])]),
  ]);
  const planned = plannedWritesOf(ctx).describe(keys);
  return planned.length ? { reason: `Would first write to PlentyONE: ${planned.join('; ')}.` } : {};
}

async function previewItem(ctx: Ctx, plenty: PlentyClient, key: string, record: ItemRecord): Promise<RecordPreview> {
  const preview = await comparePreview(ctx, plenty, key, record);
  const planned = plannedOf(ctx, record);
  // A variation given a value that does not exist yet (or is renamed) changes, whatever its fields say.
  return { ...preview, ...planned, ...('reason' in planned && preview.action === 'unchanged' ? { action: 'update' } : {}) };
}

async function comparePreview(ctx: Ctx, plenty: PlentyClient, key: string, record: ItemRecord): Promise<RecordPreview> {
  const link = await ctx.links.get(ITEM_ENTITY, record.sku);
  const first = record.variations[0]!;
  const itemId = link ? Number(link.plentyId)
    : (await variations(plenty, { numberExact: first.sku }, ctx.signal)).find((x) => x.number === first.sku)?.itemId;
  const prefixed = (prefix: string, diffs: FieldDiff[]) => diffs.map((d) => ({ ...d, field: `${prefix}.${d.field}` }));
  if (itemId === undefined) {
    return {
      key, action: 'create',
      diff: [
        ...record.variations.flatMap((v) => prefixed(`variations.${v.sku}`, diffFields(desiredOf(v), undefined))),
        ...prefixed('texts', diffFields(record.texts, undefined)),
      ],
    };
  }
  const found = await variations(plenty, { itemId }, ctx.signal);
  const bySku = new Map(found.map((x) => [x.number, x]));
  const diff = record.variations.flatMap((v) => {
    const current = bySku.get(v.sku);
    return prefixed(`variations.${v.sku}`, diffFields(desiredOf(v), current && currentOf(current)));
  });
  const main = found.find((x) => x.isMain) ?? found[0];
  if (main) {
    const texts = await plenty.request('GET', '/rest/items/{id}/variations/{variationId}/descriptions', {
      path: { id: itemId, variationId: main.id }, schema: z.array(textSchema), signal: ctx.signal,
    });
    diff.push(...prefixed('texts', diffFields(record.texts, Object.fromEntries(texts.map((t) => [t.lang, t])))));
  }
  return { key, action: diff.length ? 'update' : 'unchanged', targetId: String(itemId), diff };
}

export async function previewItems(batch: { key: string; record: ExportRecord }[], ctx: Ctx): Promise<RecordPreview[]> {
  const plenty = await connectorsOf(ctx).plenty(ctx.config.connection.plenty);
  const out: RecordPreview[] = [];
  for (const { key, record } of batch) {
    if (record.kind === 'item') out.push(await previewItem(ctx, plenty, key, record));
    else out.push({ key, action: 'skip', reason: 'reason' in record ? String(record.reason) : `Would be handled as ${record.kind}.`, diff: [] });
  }
  return out;
}
