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
}

/**
 * One website, one store group and the catalog's store views (ids 1..n in the given order; the
 * first is the default view), plus Magento's admin store 0.
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
  const view = (id: number, code: string, name: string, language: string, locale?: string): StoreView => ({
    id,
    code,
    name,
    websiteId: id === 0 ? 0 : 1,
    storeGroupId: id === 0 ? 0 : 1,
    isActive: true,
    language,
    locale: locale ?? LOCALES[language] ?? `${language}_${language.toUpperCase()}`,
    currency,
    timezone: language === 'en' ? 'America/Chicago' : 'Europe/Berlin',
  });
  const views = [
    view(0, 'admin', 'Admin', list[0]!.language, list[0]!.locale),
    ...list.map((spec, i) => view(i + 1, spec.code, spec.name, spec.language, spec.locale)),
  ];
  return { websites, groups, views };
}
