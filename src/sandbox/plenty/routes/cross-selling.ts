/**
 * Item cross-selling (`/rest/items/{id}/item_cross_selling`): links from an item to another item with
 * one of the relationships PlentyONE's OpenAPI lists. One link per pair of items: a second create for
 * the same pair is refused (422), a change goes through PUT by the pair. Kept beside the item store
 * (the generated catalogue has none).
 */
import { Validator, notFound } from '../errors.js';
import type { RestCtx, RestRouter } from '../rest-router.js';
import type { ItemStore } from '../stores/items.js';

/** The relationships PlentyONE's OpenAPI allows (`POST /rest/items/{id}/item_cross_selling`). */
const CROSS_SELLING_RELATIONSHIPS = [
  'Variation', 'DisplaySet', 'Collection', 'Accessory', 'Customized', 'Part', 'Complements', 'Piece',
  'Necessary', 'ReplacementPart', 'Similar', 'Episode', 'Season', 'Bundle', 'Component',
];

interface Link { relationship: string; isDynamic: boolean }

const render = (itemId: number, crossItemId: number, l: Link) => ({ itemId, crossItemId, relationship: l.relationship, isDynamic: l.isDynamic });

export function crossSellingRoutes(r: RestRouter, items: ItemStore): void {
  const links = new Map<number, Map<number, Link>>();
  const base = '/rest/items/{id}/item_cross_selling';
  const itemOr404 = (ctx: RestCtx) => {
    const id = ctx.id('id');
    if (!items.item(id)) throw notFound('Item');
    return id;
  };
  const checkRelationship = (val: Validator, value: unknown) => {
    if (value !== undefined && !(CROSS_SELLING_RELATIONSHIPS as readonly string[]).includes(String(value))) {
      val.add('relationship', `The relationship must be one of ${CROSS_SELLING_RELATIONSHIPS.join(', ')}.`);
    }
  };

  // The spec calls this a list but types its answer as one link; PlentyONE answers the list.
  r.get(base, (ctx) => {
    const id = itemOr404(ctx);
    return [...(links.get(id) ?? new Map<number, Link>())].map(([cross, l]) => render(id, cross, l));
  });
  r.post(base, async (ctx) => {
    const id = itemOr404(ctx);
    const body = await ctx.body<{ crossItemId?: unknown; relationship?: unknown; isDynamic?: unknown }>();
    const val = new Validator();
    if (val.required('crossItemId', body.crossItemId) && val.integer('crossItemId', body.crossItemId)) {
      val.exists('crossItemId', items.item(Number(body.crossItemId)) !== undefined);
      if (links.get(id)?.has(Number(body.crossItemId))) val.add('crossItemId', 'The cross item id has already been taken.');
    }
    val.required('relationship', body.relationship);
    checkRelationship(val, body.relationship);
    val.throwIfAny();
    const link = { relationship: String(body.relationship), isDynamic: body.isDynamic === true };
    if (!links.has(id)) links.set(id, new Map());
    links.get(id)!.set(Number(body.crossItemId), link);
    return render(id, Number(body.crossItemId), link);
  });
  const linkOr404 = (ctx: RestCtx) => {
    const id = itemOr404(ctx);
    const cross = ctx.id('crossItemId');
    const link = links.get(id)?.get(cross);
    if (!link) throw notFound('Cross-selling link');
    return { id, cross, link };
  };
  r.put(`${base}/{crossItemId}`, async (ctx) => {
    const { id, cross, link } = linkOr404(ctx);
    const body = await ctx.body<{ relationship?: unknown; isDynamic?: unknown }>();
    const val = new Validator();
    checkRelationship(val, body.relationship);
    val.throwIfAny();
    const next = { relationship: body.relationship === undefined ? link.relationship : String(body.relationship), isDynamic: body.isDynamic === undefined ? link.isDynamic : body.isDynamic === true };
    links.get(id)!.set(cross, next);
    return render(id, cross, next);
  });
  r.delete(`${base}/{crossItemId}`, (ctx) => {
    const { id, cross } = linkOr404(ctx);
    links.get(id)!.delete(cross);
    return { success: true };
  });
}
