/**
 * The PlentyONE setup data a merchant picks from when configuring a profile ("collect configuration
 * data"): order statuses, shipping profiles, shipping service providers (carriers), sales prices,
 * properties and item attributes. Read-only lists, scanned in full (a few pages at most).
 */
import { z } from 'zod';
import { scan } from '../paging.js';
import type { PlentyTransport } from '../transport.js';

const id = z.union([z.number(), z.string()]).transform(String);
const named = z.array(z.looseObject({ lang: z.string().optional(), name: z.string().optional() })).optional();
const statusSchema = z.looseObject({ statusId: id, names: z.record(z.string(), z.string()).optional() });
const presetSchema = z.looseObject({ id: z.number(), backendName: z.string().nullish(), parcelServiceId: z.number().nullish() });
const providerSchema = z.looseObject({ id: z.number(), name: z.string().nullish() });
const salesPriceSchema = z.looseObject({ id: z.number(), type: z.string().nullish(), names: z.array(z.looseObject({ lang: z.string().optional(), nameInternal: z.string().optional() })).optional() });
const propertySchema = z.looseObject({ id: z.number(), type: z.string().nullish(), cast: z.string().nullish(), names: named });
const attributeSchema = z.looseObject({ id: z.number(), backendName: z.string().nullish(), attributeNames: named, names: named });

export interface SetupOption {
  value: string;
  label: string;
}

/** The first name in `lang` (else any), for a label. */
const nameIn = (names: { lang?: string | undefined; name?: string | undefined }[] | undefined, lang = 'en') =>
  (names?.find((n) => n.lang === lang) ?? names?.[0])?.name;

async function all<S extends z.ZodType>(t: Pick<PlentyTransport, 'request'>, route: string, entry: S, query = {}): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  for await (const row of scan(t, route, entry, { query })) out.push(row);
  return out;
}

export function setupListCalls(t: Pick<PlentyTransport, 'request'>) {
  return {
    async statuses(): Promise<SetupOption[]> {
      return (await all(t, '/rest/orders/statuses', statusSchema)).map((s) => ({ value: s.statusId, label: `${s.statusId} · ${s.names?.en ?? s.names?.de ?? ''}` }));
    },
    /** Bare array (no paging) in the document; `scan` takes one page then. */
    async shippingProfiles(): Promise<SetupOption[]> {
      return (await all(t, '/rest/orders/shipping/presets', presetSchema)).map((p) => ({ value: String(p.id), label: `${p.id} · ${p.backendName ?? ''}` }));
    },
    async carriers(): Promise<SetupOption[]> {
      return (await all(t, '/rest/orders/shipping/shipping_service_providers', providerSchema)).map((p) => ({ value: String(p.id), label: `${p.id} · ${p.name ?? ''}` }));
    },
    async salesPrices(): Promise<SetupOption[]> {
      return (await all(t, '/rest/items/sales_prices', salesPriceSchema, { with: 'names' })).map((p) => ({
        value: String(p.id), label: `${p.id} · ${(p.names?.find((n) => n.lang === 'en') ?? p.names?.[0])?.nameInternal ?? p.type ?? ''}`,
      }));
    },
    async properties(): Promise<SetupOption[]> {
      return (await all(t, '/rest/v2/properties', propertySchema, { with: 'names' })).map((p) => ({ value: String(p.id), label: `${p.id} · ${nameIn(p.names) ?? ''} (${p.type ?? ''}, ${p.cast ?? ''})` }));
    },
    async attributes(): Promise<SetupOption[]> {
      return (await all(t, '/rest/items/attributes', attributeSchema, { with: 'names' })).map((a) => ({ value: String(a.id), label: `${a.id} · ${a.backendName ?? nameIn(a.attributeNames ?? a.names) ?? ''}` }));
    },
  };
}
