/**
 * An item image's own data: its position (`PUT /rest/items/{id}/images/{imageId}`) and where it is
 * shown, its availabilities per referrer type (`mandant` = a client's plentyId, `marketplace` and
 * `listing` = a referrer id; -1 = every referrer of the type). The upload route takes availabilities
 * too (`imageAvailabilitiesIn`). An image has one availability per type and value: a second is refused.
 */
import type { ChangeSink } from '../changes.js';
import { Validator, notFound } from '../errors.js';
import { renderImage } from '../render.js';
import type { RestCtx, RestRouter } from '../rest-router.js';
import type { ImageRow } from '../stores/catalog-records.js';
import type { ItemStore } from '../stores/items.js';

export const AVAILABILITY_TYPES = ['mandant', 'marketplace', 'listing'] as const;

type Availability = { type: string; value: number };

function checkAvailability(row: { type?: unknown; value?: unknown }, val: Validator, field: string): Availability | undefined {
  const before = Object.keys(val.errors).length;
  val.required(`${field}type`, row.type);
  val.required(`${field}value`, row.value);
  val.numeric(`${field}value`, row.value);
  if (row.type !== undefined && !(AVAILABILITY_TYPES as readonly string[]).includes(String(row.type))) {
    val.add(`${field}type`, `The type must be one of ${AVAILABILITY_TYPES.join(', ')}.`);
  }
  return Object.keys(val.errors).length === before ? { type: String(row.type), value: Number(row.value) } : undefined;
}

/** The `availabilities` of an upload body (absent: none). */
export function imageAvailabilitiesIn(input: unknown, val: Validator): Availability[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) {
    val.add('availabilities', 'The availabilities must be an array.');
    return [];
  }
  return input.flatMap((row, i) => checkAvailability((row ?? {}) as Record<string, unknown>, val, `availabilities.${i}.`) ?? []);
}

const renderAvailability = (imageId: number, a: Availability) => ({ imageId, type: a.type, value: a.value });

export function imageDetailRoutes(r: RestRouter, items: ItemStore, changed: ChangeSink): void {
  const base = '/rest/items/{id}/images/{imageId}';
  /** The item (a copy to change) and its image, or 404. */
  const imageOr404 = (ctx: RestCtx) => {
    const current = items.item(ctx.id('id'));
    if (!current) throw notFound('Item');
    const it = items.copyItem(current);
    const image = it.images.find((i) => i.id === ctx.id('imageId'));
    if (!image) throw notFound('Image');
    return { it, image };
  };
  const save = (it: Parameters<ItemStore['saveItem']>[0], image: ImageRow) => {
    image.updatedAtMs = items.now();
    items.saveItem(it);
    changed({ entity: 'item', action: 'updated', ids: [it.id] });
  };

  r.put(base, async (ctx) => {
    const { it, image } = imageOr404(ctx);
    const body = await ctx.body<{ position?: unknown; fileType?: unknown }>();
    const val = new Validator();
    val.integer('position', body.position);
    val.throwIfAny();
    if (body.position !== undefined && body.position !== null) image.position = Number(body.position);
    if (typeof body.fileType === 'string' && body.fileType) image.fileType = body.fileType.toLowerCase();
    save(it, image);
    return renderImage(image);
  });

  // The spec calls this a list but types its answer as one availability; PlentyONE answers the list.
  r.get(`${base}/availabilities`, (ctx) => {
    const { image } = imageOr404(ctx);
    return (image.availabilities ?? []).map((a) => renderAvailability(image.id, a));
  });
  r.post(`${base}/availabilities`, async (ctx) => {
    const { it, image } = imageOr404(ctx);
    const val = new Validator();
    const wanted = checkAvailability(await ctx.body(), val, '');
    if (wanted && (image.availabilities ?? []).some((a) => a.type === wanted.type && a.value === wanted.value)) {
      val.add('value', 'The image is already available for this referrer.');
    }
    val.throwIfAny();
    image.availabilities = [...(image.availabilities ?? []), wanted!];
    save(it, image);
    return renderAvailability(image.id, wanted!);
  });
  r.delete(`${base}/availabilities`, async (ctx) => {
    const { it, image } = imageOr404(ctx);
    const val = new Validator();
    const gone = checkAvailability(await ctx.body(), val, '');
    val.throwIfAny();
    const before = image.availabilities ?? [];
    image.availabilities = before.filter((a) => !(a.type === gone!.type && a.value === gone!.value));
    if (image.availabilities.length === before.length) throw notFound('Availability');
    save(it, image);
    return { success: true };
  });
}
