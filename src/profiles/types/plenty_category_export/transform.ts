/**
 * Magento category → PlentyONE category body: per storeMapping row, the details of its client and
 * language from the values that store view shows, through the attribute mapping and its transforms.
 */
import type { CategoryDetailBody } from '../../../connectors/plenty/index.js';
import type { CategoryAttributeMapping } from '../../config/category-fields.js';
import type { StoreMappingRow } from '../../config/store-mapping.js';
import { applyFieldMapping } from '../plenty_item_export/field-transform.js';
import type { Ctx } from './clients.js';
import type { CategoryRecord, RawCategory } from './record.js';

export function transformCategory(raw: RawCategory, ctx: Ctx): CategoryRecord {
  if (raw.kind === 'gone') return { kind: 'delete', magentoId: raw.magentoId };
  if (raw.kind === 'hidden') return { kind: 'skip', magentoId: raw.magentoId, reason: raw.reason };
  const { node, placement } = raw;
  const problems: string[] = [];
  const details = ctx.config.storeMapping.map((row) => {
    const detail = detailOf(row, node.values[row.storeView] ?? {}, ctx.config.attributes);
    if (!detail.name) {
      problems.push(`Magento category ${node.id} has no name in store view "${row.storeView}" (after the attribute mapping): give it one, or a defaultValue to the name row of attributes.`);
    }
    return detail;
  });
  return {
    kind: 'category',
    magentoId: node.id,
    magentoParentId: node.parentId,
    placement,
    linklist: node.isActive ? 'Y' : 'N',
    details,
    clients: [...new Set(ctx.config.storeMapping.map((r) => r.plentyId))],
    problems,
  };
}

export function detailOf(row: StoreMappingRow, values: Record<string, string>, mapping: CategoryAttributeMapping): CategoryDetailBody {
  const detail: CategoryDetailBody = { plentyId: row.plentyId, lang: row.language };
  for (const m of mapping) {
    if (!m.field || (m.language !== undefined && m.language !== row.language)) continue;
    const value = applyFieldMapping(m, values[m.attribute]);
    if (value === undefined) continue;
    (detail as Record<string, string | number>)[m.field] = m.field === 'position' ? Number(value) || 0 : String(value);
  }
  return detail;
}
