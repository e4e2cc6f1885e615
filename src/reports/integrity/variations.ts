import type { DatabaseHandle } from '../../db/client.js';
import type { PlentyClient } from '../../connectors/plenty/index.js';
import type { LinkStore } from '../../profiles/links.js';
import type { CheckResult, IntegrityIssue } from './schema.js';

// The link both the item export and the stock import keep: Magento SKU → PlentyONE variation id.
const VARIATION_LINK = 'variation';
const LINK_PAGE = 5000;

/**
 * Magento products ↔ PlentyONE variations as the links record them: a variation whose number (SKU) is
 * linked to another variation id, and links whose variation no longer exists. One pass over PlentyONE's
 * variations (paged), then one over the links.
 */
export async function checkVariations(deps: { plenty: PlentyClient; links: LinkStore; db: DatabaseHandle; signal?: AbortSignal }): Promise<CheckResult> {
  const issues: IntegrityIssue[] = [];
  const fix = (sku: string) => ({ profile: 'plenty_item_export', id: sku });
  const seen = new Set<string>();
  let checked = 0;
  let page: { id: number; number: string }[] = [];
  const comparePage = async () => {
    const linked = await deps.links.getMany(VARIATION_LINK, page.map((v) => v.number).filter(Boolean));
    for (const v of page) {
      const link = linked.get(v.number);
      if (link && link.plentyId !== String(v.id)) {
        issues.push({
          check: 'variations', problem: 'variation-differs', key: v.number, fix: fix(v.number),
          detail: `SKU ${v.number} is linked to variation ${link.plentyId}, but PlentyONE's variation with that number is ${v.id}.`,
        });
      }
    }
    page = [];
  };
  for await (const v of deps.plenty.variations({ signal: deps.signal })) {
    seen.add(String(v.id));
    page.push({ id: v.id, number: v.number });
    if (page.length >= 250) await comparePage();
  }
  await comparePage();
  for (let after = ''; ;) {
    const rows = await deps.db.query<{ magento_key: string; plenty_id: string }>(
      `select magento_key, plenty_id from entity_links where entity_type = $1 and magento_key > $2 order by magento_key limit $3`,
      [VARIATION_LINK, after, LINK_PAGE],
    );
    for (const r of rows) {
      checked++;
      if (!seen.has(r.plenty_id)) {
        issues.push({
          check: 'variations', problem: 'variation-missing', key: r.magento_key, fix: fix(r.magento_key),
          detail: `SKU ${r.magento_key} is linked to variation ${r.plenty_id}, which PlentyONE no longer has.`,
        });
      }
    }
    if (rows.length < LINK_PAGE) break;
    after = rows.at(-1)!.magento_key;
  }
  return { checked, issues };
}
