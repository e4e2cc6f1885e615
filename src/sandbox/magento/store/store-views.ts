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

/**
 * One website, one store group, one store view per catalog language: the first language is the
 * `default` view (id 1), every further language gets a view coded by the language (`de`, ...).
 */
export function storeLayoutFor(languages: string[], currency: string): StoreLayout {
  const websites: Website[] = [
    { id: 0, code: 'admin', name: 'Admin', defaultGroupId: 0 },
    { id: 1, code: 'base', name: 'Main Website', defaultGroupId: 1 },
  ];
  const groups: StoreGroup[] = [
    { id: 0, code: 'default', name: 'Default', websiteId: 0, rootCategoryId: 0, defaultStoreId: 0 },
    { id: 1, code: 'main_website_store', name: 'Main Website Store', websiteId: 1, rootCategoryId: 2, defaultStoreId: 1 },
  ];
  const [first = 'en', ...rest] = languages.length > 0 ? languages : ['en'];
  const view = (id: number, code: string, name: string, language: string): StoreView => ({
    id,
    code,
    name,
    websiteId: id === 0 ? 0 : 1,
    storeGroupId: id === 0 ? 0 : 1,
    isActive: true,
    language,
    locale: LOCALES[language] ?? `${language}_${language.toUpperCase()}`,
    currency,
    timezone: language === 'en' ? 'America/Chicago' : 'Europe/Berlin',
  });
  const views = [
    view(0, 'admin', 'Admin', first),
    view(1, 'default', 'Default Store View', first),
    ...rest.map((language, i) => view(i + 2, language, `${language.toUpperCase()} Store View`, language)),
  ];
  return { websites, groups, views };
}
