/**
 * Item URL paths from a pattern of attributes (urls.pattern, per language urls.byLanguage): each
 * `{code}` is the attribute's value as the mapped store view sees it, a select or multiselect
 * attribute's option label in that view (Magento's labels read once per run and view). The result is
 * made URL-safe (lower case, umlauts spelled out, accents dropped, anything else a dash) and becomes
 * the item text `urlPath` of the view's language. A pattern that gives nothing leaves the `urlPath`
 * the texts mapping gave (`url_key` by default).
 */
import { PermanentApiError } from '../../../connectors/errors.js';
import type { MagentoClient } from '../../../connectors/magento/index.js';
import { memo } from './attribute-values.js';
import type { ItemExportConfig } from './config.js';
import { attributeValue, type SourceProduct } from './magento-source.js';
import type { ItemRecord } from './record.js';

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;
const SPELLED: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', æ: 'ae', ø: 'oe', å: 'aa' };

/** A URL-safe path segment: lower case, umlauts spelled out, accents dropped, runs of anything else one dash. */
export function slugOf(text: string): string {
  return text.toLowerCase()
    .replace(/[äöüßæøå]/g, (c) => SPELLED[c]!)
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The attribute codes a pattern names. */
export const patternCodes = (pattern: string): string[] => [...pattern.matchAll(PLACEHOLDER)].map((m) => m[1]!);

export interface UrlPaths {
  fill(record: ItemRecord, source: SourceProduct): Promise<void>;
}

export function urlPaths(deps: { config: ItemExportConfig; magento: MagentoClient; signal: AbortSignal }): UrlPaths {
  const { config, magento, signal } = deps;
  const input = memo(async (code: string) => {
    try {
      return (await magento.attributes.get(code, { signal })).frontend_input ?? 'text';
    } catch (error) {
      // A static field Magento keeps outside its attribute list (sku): plain text.
      if (error instanceof PermanentApiError && error.status === 404) return 'text';
      throw error;
    }
  });
  const labels = memo(async (key: string) => {
    const [code, view] = key.split('\u0000') as [string, string];
    return new Map((await magento.attributes.options(code, { store: view, signal })).map((o) => [o.value, o.label]));
  });

  /** The text a placeholder stands for in a view ('' when the product has none). */
  async function valueOf(source: SourceProduct, view: string, code: string): Promise<string> {
    const raw = attributeValue(source.views.get(view) ?? source.product, code);
    if (raw === undefined || raw === null || raw === '') return '';
    // Only option ids (digits, commas) can stand for labels: other values need no lookup.
    const ids = Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
    if (!ids.every((id) => /^\d+$/.test(id.trim()))) return String(raw);
    const kind = await input(code);
    if (kind !== 'select' && kind !== 'multiselect') return String(raw);
    const names = await labels(`${code}\u0000${view}`);
    return ids.map((id) => names.get(id.trim()) ?? '').filter(Boolean).join(' ');
  }

  return {
    async fill(record, source) {
      const { pattern, byLanguage } = config.urls;
      for (const row of config.storeMapping) {
        const chosen = byLanguage[row.language] ?? pattern;
        if (chosen === undefined || record.texts[row.language] === undefined) continue;
        const values = new Map<string, string>();
        for (const code of patternCodes(chosen)) values.set(code, slugOf(await valueOf(source, row.storeView, code)));
        const path = slugOf(chosen.replace(PLACEHOLDER, (_, code: string) => values.get(code) || ' '));
        if (path) record.texts[row.language]!.urlPath = path;
      }
    },
  };
}
