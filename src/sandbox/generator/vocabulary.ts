/**
 * Word lists for generated names, per language. Entries line up across languages so a generated
 * German name and its English and French counterparts describe the same product.
 */
import type { Language, Translated } from './types.js';

export const LANGUAGES = ['de', 'en', 'fr'] as const satisfies readonly Language[];

export interface ProductNoun {
  readonly name: Translated;
  /** Whether the product comes in clothing sizes (configurables may use the size attribute). */
  readonly sized: boolean;
}

export const PRODUCT_NOUNS: readonly ProductNoun[] = [
  { name: { de: 'Jacke', en: 'Jacket', fr: 'Veste' }, sized: true },
  { name: { de: 'Hose', en: 'Trousers', fr: 'Pantalon' }, sized: true },
  { name: { de: 'Pullover', en: 'Sweater', fr: 'Pull' }, sized: true },
  { name: { de: 'Hemd', en: 'Shirt', fr: 'Chemise' }, sized: true },
  { name: { de: 'Mütze', en: 'Beanie', fr: 'Bonnet' }, sized: false },
  { name: { de: 'Rucksack', en: 'Backpack', fr: 'Sac à dos' }, sized: false },
  { name: { de: 'Schal', en: 'Scarf', fr: 'Écharpe' }, sized: false },
  { name: { de: 'Handschuhe', en: 'Gloves', fr: 'Gants' }, sized: true },
  { name: { de: 'Weste', en: 'Vest', fr: 'Gilet' }, sized: true },
  { name: { de: 'Decke', en: 'Blanket', fr: 'Couverture' }, sized: false },
  { name: { de: 'Tasche', en: 'Bag', fr: 'Sac' }, sized: false },
  { name: { de: 'Socken', en: 'Socks', fr: 'Chaussettes' }, sized: true },
];

export const MATERIALS: readonly Translated[] = [
  { de: 'Baumwolle', en: 'cotton', fr: 'coton' },
  { de: 'Wolle', en: 'wool', fr: 'laine' },
  { de: 'Leinen', en: 'linen', fr: 'lin' },
  { de: 'Merino', en: 'merino', fr: 'mérinos' },
  { de: 'Fleece', en: 'fleece', fr: 'polaire' },
  { de: 'Leder', en: 'leather', fr: 'cuir' },
  { de: 'recyceltem Polyester', en: 'recycled polyester', fr: 'polyester recyclé' },
];

/** Product line names; language-neutral on purpose (they act like brand lines). */
export const PRODUCT_LINES: readonly string[] = [
  'Nordwind', 'Alpenglühen', 'Fjord', 'Kaskade', 'Sierra', 'Horizont', 'Lichtung', 'Brandung',
  'Tundra', 'Zephyr', 'Gipfel', 'Moorland', 'Polaris', 'Ostsee', 'Granit', 'Wildbach',
];

export const MANUFACTURERS: readonly string[] = ['Plentygate Outdoor', 'Nordlicht GmbH', 'Bergwerk & Söhne', 'Atelier Lumière'];

export const DESCRIPTION_SENTENCES: readonly Translated[] = [
  {
    de: 'Robust verarbeitet und angenehm zu tragen.',
    en: 'Sturdily made and comfortable to wear.',
    fr: 'Solide et agréable à porter.',
  },
  {
    de: 'Pflegeleicht: bei 30 °C waschbar.',
    en: 'Easy care: machine washable at 30 °C.',
    fr: 'Entretien facile : lavable à 30 °C.',
  },
  {
    de: 'Ideal für Alltag, Reisen und Touren.',
    en: 'Ideal for everyday use, travel and hiking.',
    fr: 'Idéal au quotidien, en voyage et en randonnée.',
  },
  {
    de: 'Fair produziert in Europa.',
    en: 'Fairly produced in Europe.',
    fr: 'Fabriqué équitablement en Europe.',
  },
  {
    de: 'Zeitloses Design, das zu allem passt.',
    en: 'Timeless design that goes with everything.',
    fr: 'Un design intemporel qui va avec tout.',
  },
];

export const CATEGORY_WORDS: readonly (readonly Translated[])[] = [
  [
    { de: 'Damen', en: 'Women', fr: 'Femmes' },
    { de: 'Herren', en: 'Men', fr: 'Hommes' },
    { de: 'Kinder', en: 'Kids', fr: 'Enfants' },
    { de: 'Outdoor', en: 'Outdoor', fr: 'Plein air' },
    { de: 'Zuhause', en: 'Home', fr: 'Maison' },
  ],
  [
    { de: 'Jacken', en: 'Jackets', fr: 'Vestes' },
    { de: 'Hosen', en: 'Trousers', fr: 'Pantalons' },
    { de: 'Strick', en: 'Knitwear', fr: 'Tricots' },
    { de: 'Accessoires', en: 'Accessories', fr: 'Accessoires' },
    { de: 'Taschen', en: 'Bags', fr: 'Sacs' },
    { de: 'Wäsche', en: 'Underwear', fr: 'Lingerie' },
  ],
  [
    { de: 'Neuheiten', en: 'New in', fr: 'Nouveautés' },
    { de: 'Klassiker', en: 'Classics', fr: 'Classiques' },
    { de: 'Basics', en: 'Basics', fr: 'Basiques' },
    { de: 'Premium', en: 'Premium', fr: 'Premium' },
    { de: 'Sale', en: 'Sale', fr: 'Soldes' },
    { de: 'Größen-Spezial', en: 'Special sizes', fr: 'Grandes tailles' },
    { de: 'Öko-Linie', en: 'Eco line', fr: 'Ligne éco' },
  ],
  [
    { de: 'Leicht', en: 'Lightweight', fr: 'Léger' },
    { de: 'Wasserdicht', en: 'Waterproof', fr: 'Imperméable' },
    { de: 'Gefüttert', en: 'Lined', fr: 'Doublé' },
    { de: 'Slim Fit', en: 'Slim fit', fr: 'Coupe ajustée' },
    { de: 'Oversize', en: 'Oversized', fr: 'Ample' },
    { de: 'Recycelt', en: 'Recycled', fr: 'Recyclé' },
  ],
];

export const FIRST_NAMES: readonly string[] = [
  'Anna', 'Jürgen', 'Lena', 'Lukas', 'Sophie', 'Maximilian', 'Marie', 'Jonas', 'Zoë', 'Björn',
  'Emma', 'Felix', 'Chloé', 'Paul', 'Hannah', 'Élodie', 'Noah', 'Mia', 'Stefan', 'Özlem',
];

export const LAST_NAMES: readonly string[] = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Dubois', 'Lefèvre', "O'Brien", 'Yılmaz',
];

export interface CityEntry {
  readonly city: string;
  readonly postcode: string;
  readonly countryCode: 'DE' | 'AT' | 'CH' | 'FR' | 'NL';
}

export const CITIES: readonly CityEntry[] = [
  { city: 'Berlin', postcode: '10115', countryCode: 'DE' },
  { city: 'München', postcode: '80331', countryCode: 'DE' },
  { city: 'Köln', postcode: '50667', countryCode: 'DE' },
  { city: 'Hamburg', postcode: '20095', countryCode: 'DE' },
  { city: 'Leipzig', postcode: '04109', countryCode: 'DE' },
  { city: 'Kassel', postcode: '34117', countryCode: 'DE' },
  { city: 'Wien', postcode: '1010', countryCode: 'AT' },
  { city: 'Graz', postcode: '8010', countryCode: 'AT' },
  { city: 'Zürich', postcode: '8001', countryCode: 'CH' },
  { city: 'Lyon', postcode: '69001', countryCode: 'FR' },
  { city: 'Utrecht', postcode: '3511', countryCode: 'NL' },
];

export const STREETS: readonly string[] = [
  'Hauptstraße', 'Gartenweg', 'Bahnhofstraße', 'Schillerplatz', 'Lindenallee', 'Am Mühlbach', 'Rue de la Paix',
  'Kerkstraat', 'Goethestraße', 'Äußere Ringstraße',
];

export const COMPANIES: readonly string[] = ['Nordlicht GmbH', 'Müller & Co. KG', 'Atelier Blau', 'Schulz Handel e.K.'];

/** ASCII form of a name for e-mail addresses (ä → ae, é → e, ...). */
export function asciiSlug(text: string): string {
  return text
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
