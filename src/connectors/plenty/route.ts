/**
 * Turns a route pattern (`/rest/orders/{orderId}`) with its parameters into a URL. Profiles pass
 * patterns and values, never URLs; the pattern is also the key of metrics and throttle budgets.
 */
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;
export type QueryParams = Readonly<Record<string, QueryValue>>;
export type PathParams = Readonly<Record<string, string | number>>;

export function fillRoute(route: string, params: PathParams = {}): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`PlentyONE route ${route}: missing path parameter "${name}"`);
    return encodeURIComponent(String(value));
  });
}

/**
 * URLs of routes without path parameters called without a query (an order create, say), by base URL
 * and route: parsing and printing the URL was 0.6 % of the serve process's CPU samples in bench/latency,
 * and these are a handful per client. Routes with parameters are not kept (one entry per id would pile up).
 */
const plainUrls = new Map<string, string>();

/** Arrays become comma lists (`with=a,b`), as PlentyONE's list filters expect; empty values are left out. */
export function buildUrl(baseUrl: string, route: string, path?: PathParams, query?: QueryParams): string {
  const plain = query === undefined && !route.includes('{');
  if (plain) {
    const known = plainUrls.get(`${baseUrl}\u0000${route}`);
    if (known !== undefined) return known;
  }
  const url = new URL(baseUrl.replace(/\/+$/, '') + fillRoute(route, path));
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) url.searchParams.set(name, value.join(','));
    } else {
      url.searchParams.set(name, String(value));
    }
  }
  const text = url.toString();
  if (plain) plainUrls.set(`${baseUrl}\u0000${route}`, text);
  return text;
}
