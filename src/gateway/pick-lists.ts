import { z } from 'zod';
import type { Connectors } from '../connectors/services.js';
import { setupListCalls } from '../connectors/plenty/resources/setup-lists.js';

/**
 * The lists "Collect configuration data" fetches, and the settings each one fills (matched on the
 * setting's key, its description and, for maps and lists, the keys inside it).
 */
export const PICK_LISTS = {
  statuses: { label: 'PlentyONE order statuses', matches: /order status id|statusMap|statusId/i },
  paymentMethods: { label: 'PlentyONE payment methods', matches: /method-of-payment|paymentMap|paymentMethodId/i },
  shippingProfiles: { label: 'PlentyONE shipping profiles', matches: /shipping profile|shippingMap|shippingProfileId/i },
  referrers: { label: 'PlentyONE referrers (order origins)', matches: /referrer/i },
  warehouses: { label: 'PlentyONE warehouses', matches: /warehouseId|warehouse id/i },
  clients: { label: 'PlentyONE clients (plentyId)', matches: /plentyId|client id/i },
  languages: { label: 'Languages of the Magento store views (PlentyONE language codes)', matches: /language/i },
  salesPrices: { label: 'PlentyONE sales prices', matches: /sales price/i },
  properties: { label: 'PlentyONE properties', matches: /propertyId|property id/i },
  attributes: { label: 'PlentyONE attributes', matches: /PlentyONE attribute|attributeId\b/i },
  storeViews: { label: 'Magento store views', matches: /storeView|store view code/i },
  sources: { label: 'Magento MSI sources', matches: /sourceCode|MSI source/i },
  carriers: { label: 'PlentyONE shipping service providers (carriers)', matches: /shipping service provider|parcelServiceId/i },
} as const;
export type PickListKey = keyof typeof PICK_LISTS;

export interface PickList {
  key: PickListKey;
  label: string;
  options: { value: string; label: string }[];
  /** Why the list could not be read (missing credential, unreachable system). */
  error?: string;
}

export interface CollectedData {
  at: Date;
  lists: PickList[];
}

/** How long collected data is shown before the page asks for a fresh collection. */
const KEEP_MS = 15 * 60_000;

/**
 * "Collect configuration data": reads the values merchants pick from (order statuses, payment methods,
 * shipping profiles, referrers, warehouses, clients, sales prices, properties, attributes and shipping
 * service providers of PlentyONE; store views, their languages and MSI sources of Magento) through the
 * profile's connections, and keeps them in this process for 15 minutes so showing a page costs no API calls.
 * Each list is read on its own: one that fails says why, the others still show.
 */
export function createPickLists(connectors: Connectors | undefined) {
  const cache = new Map<string, CollectedData>();
  const cacheKey = (c: { plenty: string; magento: string }) => `${c.plenty}\n${c.magento}`;

  const read = async (key: PickListKey, load: () => Promise<{ value: string; label: string }[]>): Promise<PickList> => {
    try {
      return { key, label: PICK_LISTS[key].label, options: await load() };
    } catch (error) {
      return { key, label: PICK_LISTS[key].label, options: [], error: (error as Error).message };
    }
  };

  return {
    /** False where the process has no connectors (collect then says so). */
    available: Boolean(connectors),

    cached(connection: { plenty: string; magento: string }): CollectedData | undefined {
      const found = cache.get(cacheKey(connection));
      return found && Date.now() - found.at.getTime() < KEEP_MS ? found : undefined;
    },

    async collect(connection: { plenty: string; magento: string }): Promise<CollectedData> {
      if (!connectors) throw new Error('This process has no connections to PlentyONE and Magento.');
      const plenty = () => connectors.plenty(connection.plenty);
      const magento = () => connectors.magento(connection.magento);
      const named = (id: number | string, name: string | null | undefined) => ({ value: String(id), label: name ? `${id} · ${name}` : String(id) });
      const lists = await Promise.all([
        read('warehouses', async () => (await (await plenty()).warehouses()).map((w) => ({ ...named(w.id, w.name), label: `${w.id} · ${w.name ?? ''} (type ${w.typeId})` }))),
        read('paymentMethods', async () => (await (await plenty()).payments.methods()).map((m) => named(m.id, m.name ?? m.paymentKey))),
        read('referrers', async () => (await (await plenty()).referrers()).map((r) => named(r.id, r.name ?? r.backendName))),
        read('clients', async () => (await (await plenty()).webstores()).map((w) => named(w.storeIdentifier, w.name))),
        read('storeViews', async () => (await (await magento()).storeViews()).map((s) => named(s.code, s.name))),
        read('sources', async () => (await (await magento()).sources.list()).map((s) => named(s.source_code, s.name))),
        read('statuses', async () => setupListCalls(await plenty()).statuses()),
        read('shippingProfiles', async () => setupListCalls(await plenty()).shippingProfiles()),
        read('carriers', async () => setupListCalls(await plenty()).carriers()),
        read('salesPrices', async () => setupListCalls(await plenty()).salesPrices()),
        read('properties', async () => setupListCalls(await plenty()).properties()),
        read('attributes', async () => setupListCalls(await plenty()).attributes()),
        read('languages', async () => storeLanguages(await magento())),
      ]);
      lists.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
      const data = { at: new Date(), lists };
      cache.set(cacheKey(connection), data);
      return data;
    },
  };
}

export type PickLists = ReturnType<typeof createPickLists>;

const order = Object.keys(PICK_LISTS) as PickListKey[];

const storeConfigSchema = z.array(z.looseObject({ code: z.string(), locale: z.string().nullish() }));

/**
 * The languages of the store views, as PlentyONE language codes (the first part of each store view's
 * locale: de_DE → de), with the store views that use each (GET /V1/store/storeConfigs).
 */
async function storeLanguages(magento: Awaited<ReturnType<Connectors['magento']>>): Promise<{ value: string; label: string }[]> {
  const configs = await magento.rest.call({ method: 'GET', path: '/V1/store/storeConfigs', route: 'GET /V1/store/storeConfigs' }, storeConfigSchema);
  const byLanguage = new Map<string, string[]>();
  for (const c of configs) {
    const lang = c.locale?.split('_')[0]?.toLowerCase();
    if (lang) byLanguage.set(lang, [...(byLanguage.get(lang) ?? []), `${c.code} (${c.locale})`]);
  }
  return [...byLanguage].map(([lang, views]) => ({ value: lang, label: `${lang} · ${views.join(', ')}` }));
}

/** The credentials a profile's config names (`connection.plenty`, `connection.magento`; defaults as in the schema). */
export function connectionOf(config: unknown): { plenty: string; magento: string } {
  const c = (config as { connection?: { plenty?: unknown; magento?: unknown } } | null)?.connection;
  return { plenty: typeof c?.plenty === 'string' ? c.plenty : 'plenty', magento: typeof c?.magento === 'string' ? c.magento : 'magento' };
}

/** The lists a setting takes its values from, judged by its key, its description and the keys inside it. */
export function listsForField(text: string): PickListKey[] {
  return (Object.keys(PICK_LISTS) as PickListKey[]).filter((k) => PICK_LISTS[k].matches.test(text));
}
