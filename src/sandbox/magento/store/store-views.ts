import type { StoreGroup, StoreView, Website } from './types.js';

export interface StoreLayout {
  websites: Website[];
  groups: StoreGroup[];
  /** Including the admin store (id 0, code `admin`), as `GET /V1/store/storeViews` lists it. */
  views: StoreView[];
}

const LOCALES: Record<string, string> = {
  en: 'en_US',
  de: 'de_DE',
  fr: 'fr_FR',
  it: 'it_IT',
  es: 'es_ES',
  nl: 'nl_NL',
  pl: 'pl_PL',
};

export interface StoreViewSpec {
  code: string;
  name: string;
  language: string;
  locale: string;
  /** Website of the view (default 1, "Main Website"); another id adds a website with a store group of its own. */
  websiteId?: number;
}

/**
 * One website, one store group and the catalog's store views (ids 1..n in the given order; the
 * first is the default view), plus Magento's admin store 0. A view naming another website gets that
 * website and a store group of its own (group id = website id), its first view the group's default.
 */
export function storeLayoutFor(specs: StoreViewSpec[], currency: string): StoreLayout {
  const websites: Website[] = [
    { id: 0, code: 'admin', name: 'Admin', defaultGroupId: 0 },
    { id: 1, code: 'base', name: 'Main Website', defaultGroupId: 1 },
  ];
  const groups: StoreGroup[] = [
    { id: 0, code: 'default', name: 'Default', websiteId: 0, rootCategoryId: 0, defaultStoreId: 0 },
    { id: 1, code: 'main_website_store', name: 'Main Website Store', websiteId: 1, rootCategoryId: 2, defaultStoreId: 1 },
  ];
  const list: StoreViewSpec[] = specs.length > 0 ? specs : [{ code: 'default', name: 'Default Store View', language: 'en', locale: 'en_US' }];
  list.forEach((spec, i) => {
    const id = spec.websiteId ?? 1;
    if (websites.some((w) => w.id === id)) return;
    websites.push({ id, code: `website_${id}`, name: `Website ${id}`, defaultGroupId: id });
    groups.push({ id, code: `website_${id}_store`, name: `Website ${id} Store`, websiteId: id, rootCategoryId: 2, defaultStoreId: i + 1 });
  });
  const view = (id: number, code: string, name: string, language: string, locale?: string, websiteId = 1): StoreView => ({
    id,
    code,
    name,
    websiteId: id === 0 ? 0 : websiteId,
    storeGroupId: id === 0 ? 0 : websiteId,
    isActive: true,
    language,
    locale: locale ?? LOCALES[language] ?? `${language}_${language.toUpperCase()}`,
    currency,
    timezone: language === 'en' ? 'America/Chicago' : 'Europe/Berlin',
  });
  const views = [
    view(0, 'admin', 'Admin', list[0]!.language, list[0]!.locale),
    ...list.map((spec, i) => view(i + 1, spec.code, spec.name, spec.language, spec.locale, spec.websiteId)),
  ];
  return { websites, groups, views };
}
