import type { MiddlewareHandler } from 'hono';

/**
 * Magento's `?fields=` response filter: `items[sku,extension_attributes[stock_item[qty]]],total_count`
 * keeps only the named keys (a bare name keeps the whole value; arrays are filtered element by element).
 */
type FieldTree = { [key: string]: FieldTree | true };

export function parseFields(spec: string): FieldTree {
  let pos = 0;
  const parseList = (): FieldTree => {
    const tree: FieldTree = {};
    while (pos < spec.length) {
      let name = '';
      while (pos < spec.length && !'[],'.includes(spec[pos]!)) name += spec[pos++];
      name = name.trim();
      if (spec[pos] === '[') {
        pos++;
        const child = parseList();
        if (name) tree[name] = child;
      } else if (name) {
        tree[name] = true;
      }
      if (spec[pos] === ',') {
        pos++;
        continue;
      }
      if (spec[pos] === ']') {
        pos++;
        return tree;
      }
    }
    return tree;
  };
  return parseList();
}

export function applyFields(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((v) => applyFields(v, tree));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(tree)) {
    if (!(key in (value as Record<string, unknown>))) continue;
    const v = (value as Record<string, unknown>)[key];
    out[key] = sub === true ? v : applyFields(v, sub);
  }
  return out;
}

/** Applies `?fields=` to JSON answers of successful calls. */
export function fieldsFilter(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const spec = c.req.query('fields');
    if (!spec || c.res.status !== 200 || !(c.res.headers.get('content-type') ?? '').includes('application/json')) return;
    const body: unknown = await c.res.json();
    c.res = new Response(JSON.stringify(applyFields(body, parseFields(spec))), { status: 200, headers: c.res.headers });
  };
}
