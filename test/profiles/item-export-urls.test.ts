/** Item URL paths built from attribute combinations (urls.pattern, urls.byLanguage). */
import { describe, expect, it } from 'vitest';
import { itemExportConfigSchema } from '../../src/profiles/types/plenty_item_export/config.js';
import { slugOf } from '../../src/profiles/types/plenty_item_export/url-paths.js';
import { engine } from '../support/db.js';
import { magentoCall } from '../support/magento-call.js';
import { itemExportConfig } from './support/item-export-setup.js';
import { exportedSuite } from './support/item-export-suite.js';

const VARIATIONS = 8;

describe('URL-safe paths', () => {
  it('spells out umlauts, drops accents and turns everything else into single dashes', () => {
    expect(slugOf('Größe: Äpfel & Crème brûlée!')).toBe('groesse-aepfel-creme-brulee');
    expect(slugOf('  --Shirt  (Blue)-- ')).toBe('shirt-blue');
  });

  it('refuses a pattern that names no attribute, and a language no store view is mapped to', () => {
    expect(itemExportConfigSchema.safeParse({ urls: { pattern: 'shirt' } }).error?.issues[0]?.message).toContain('{code}');
    const unmapped = itemExportConfigSchema.safeParse({ ...itemExportConfig, urls: { byLanguage: { fr: '{name}' } } });
    expect(unmapped.error?.issues[0]?.message).toContain('no store view is mapped to language "fr"');
  });
});

describe(`item export: URL paths from attributes (${engine})`, () => {
  const s = exportedSuite({ variations: VARIATIONS });

  const simples = () => [...Array(VARIATIONS).keys()].map((i) => s.catalog.variation(i)).filter((v) => !v.parentSku);
  const urlPath = async (sku: string, lang: string) => {
    const v = (await s.variationOf(sku))!;
    const text = await (await s.client()).request('GET', '/rest/items/{id}/variations/{variationId}/descriptions/{lang}', { path: { id: v.itemId, variationId: v.id, lang } }) as { urlPath?: string; name?: string };
    return text;
  };

  it('writes the urlPath of each language from its pattern (a select attribute by its option label), and a second run writes nothing', async () => {
    const [v, bare] = simples();
    const options = await magentoCall(s.magento.url, 'GET', '/rest/all/V1/products/attributes/color/options') as { label: string; value: string }[];
    const option = options.find((o) => o.value !== '')!;
    await magentoCall(s.magento.url, 'PUT', `/rest/all/V1/products/${encodeURIComponent(v!.sku)}`, { product: { sku: v!.sku, custom_attributes: [{ attribute_code: 'color', value: option.value }] } });
    await s.setConfig({ urls: { pattern: '{name}-{color}', byLanguage: { de: 'p-{sku}' } } });
    try {
      await s.resetRequests();
      const run = await s.run({ mode: 'ids', ids: [v!.sku, bare!.sku] });
      expect(run, (await s.messages(run.runId)).join('\n')).toMatchObject({ status: 'completed', updated: 2, failed: 0 });
      expect((await s.writes())['PUT /rest/items/:id/variations/:variationId/descriptions/:lang']).toBe(4);
      const en = await urlPath(v!.sku, 'en');
      expect(en.urlPath).toBe(slugOf(`${en.name} ${option.label}`));
      expect((await urlPath(v!.sku, 'de')).urlPath).toBe(slugOf(`p-${v!.sku}`));
      // No colour: the pattern gives the name alone.
      const other = await urlPath(bare!.sku, 'en');
      expect(other.urlPath).toBe(slugOf(other.name!));

      await s.resetRequests();
      expect(await s.run({ mode: 'ids', ids: [v!.sku, bare!.sku] })).toMatchObject({ status: 'completed', updated: 0, failed: 0 });
      expect(await s.writes()).toEqual({});
    } finally {
      await s.setConfig({ urls: {} });
    }
    // Without a pattern the texts mapping's url_key is written again.
    await s.run({ mode: 'ids', ids: [v!.sku] });
    const product = await magentoCall(s.magento.url, 'GET', `/rest/all/V1/products/${encodeURIComponent(v!.sku)}`) as { custom_attributes: { attribute_code: string; value: string }[] };
    expect((await urlPath(v!.sku, 'en')).urlPath).toBe(product.custom_attributes.find((a) => a.attribute_code === 'url_key')!.value);
  });
});
