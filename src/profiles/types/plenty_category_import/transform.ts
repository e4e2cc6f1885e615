/**
 * PlentyONE category → Magento values: per storeMapping row, the details of its client and language
 * read through the attribute mapping (field → attribute). The first row's values are also Magento's
 * global (admin) values; a store view is written only where it differs from them.
 */
import type { PlentyCategoryDetail } from '../../../connectors/plenty/index.js';
import { applyFieldMapping } from '../plenty_item_export/field-transform.js';
import type { Ctx } from './clients.js';
import type { ImportRecord, RawCategory } from './record.js';

export function transformCategory(raw: RawCategory, ctx: Ctx): ImportRecord {
  if (raw.kind === 'gone') return { kind: 'delete', plentyId: raw.plentyId };
  if (raw.kind === 'hidden') return { kind: 'skip', plentyId: raw.plentyId, reason: raw.reason };
  const { category, placement } = raw;
  const problems: string[] = [];
  const stores: Record<string, Record<string, string>> = {};
  for (const row of ctx.config.storeMapping) {
    const detail = (category.details ?? []).find((d) => d.plentyId === row.plentyId && d.lang === row.language);
    const values: Record<string, string> = {};
    for (const m of ctx.config.attributes) {
      if (!m.field || (m.language !== undefined && m.language !== row.language)) continue;
      const value = applyFieldMapping(m, detail?.[m.field as keyof PlentyCategoryDetail]);
      if (value !== undefined) values[m.attribute] = String(value);
    }
    if (!values.name) {
      problems.push(`PlentyONE category ${category.id} has no name for client ${row.plentyId} in language "${row.language}" (store view "${row.storeView}"): add the name in PlentyONE, or a defaultValue to the name row of attributes.`);
    }
    stores[row.storeView] = values;
  }
  const first = ctx.config.storeMapping[0];
  return {
    kind: 'category',
    plentyId: category.id,
    plentyParentId: category.parentCategoryId ?? null,
    placement,
    values: { global: first ? (stores[first.storeView] ?? {}) : {}, stores },
    problems,
  };
}
