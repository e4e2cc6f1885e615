/**
 * An item image's names per language (`GET /rest/items/{id}/images/{imageId}/names`, ItemImageName:
 * `imageId`, `lang`, `name`, `alternate`). The image and item answers carry no names (ItemImage has
 * none), so a reader asks per image.
 */
import { notFound } from '../errors.js';
import type { RestRouter } from '../rest-router.js';
import type { ItemStore } from '../stores/items.js';

export function imageNameRoutes(r: RestRouter, items: ItemStore): void {
  r.get('/rest/items/{id}/images/{imageId}/names', (ctx) => {
    const item = items.item(ctx.id('id'));
    if (!item) throw notFound('Item');
    const image = item.images.find((i) => i.id === ctx.id('imageId'));
    if (!image) throw notFound('Image');
    return (image.names ?? []).map((n) => ({ imageId: image.id, lang: n.lang, name: n.name, alternate: n.alternate }));
  });
}
