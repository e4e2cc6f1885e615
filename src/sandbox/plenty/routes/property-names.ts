/**
 * Names of v2 properties and of their selections, one per language, each with an id of its own:
 * listed (`GET /rest/v2/properties/{propertyId}/names`, `GET /rest/v2/properties/selections/{selectionId}/names`,
 * bare arrays as the OpenAPI types them), read (`GET …/names/{nameId}`) and renamed (`PUT …/names/{nameId}`).
 * A rename changes the record in place: ids stay, and every later read shows it, the lists `with=names`
 * included. Unknown ids: 404.
 *
 * Guesses, as PlentyONE documents none of it: `name` may be left out (the OpenAPI marks it optional;
 * the name is kept) but not emptied or blanked (422, the validation envelope); a `propertyId` /
 * `selectionId` or `lang` in the body must be the name's own (422): moving a name to another record or
 * language is not imitated.
 */
import { Validator, notFound } from '../errors.js';
import type { RestCtx, RestRouter } from '../rest-router.js';
import type { NameRow, NamedRow, PropertyRelationStore } from '../stores/property-relations.js';

type OwnerField = 'propertyId' | 'selectionId';

/** PlentyONE's PropertyName (`propertyId`) or PropertySelectionName (`selectionId`). */
export const renderName = (ownerField: OwnerField, ownerId: number, n: NameRow) =>
  ({ id: n.id, [ownerField]: ownerId, lang: n.lang, name: n.name, description: n.description ?? '' });

/** What the name routes of properties and of selections differ in. */
interface NamedKind {
  /** The routes' common prefix. */
  base: string;
  /** The owner's id field in a name, also the list route's path parameter. */
  ownerField: OwnerField;
  /** The owner in the 404 message. */
  what: string;
  owner(id: number): NamedRow | undefined;
  name(nameId: number): { ownerId: number; name: NameRow } | undefined;
}

const given = (value: unknown) => value !== undefined && value !== null;

/** Checks a rename body against the name it renames; throws the 422 envelope. */
function renameOf(body: Record<string, unknown>, kind: NamedKind, ownerId: number, current: NameRow): { name?: string; description?: string } {
  const val = new Validator();
  if (body.name !== undefined) val.text('name', body.name);
  if (given(body.description) && typeof body.description !== 'string') val.add('description', 'The description must be a string.');
  if (given(body[kind.ownerField]) && Number(body[kind.ownerField]) !== ownerId) val.add(kind.ownerField, `The name belongs to ${kind.what.toLowerCase()} ${ownerId}; it cannot be moved.`);
  if (given(body.lang) && body.lang !== current.lang) val.add('lang', `The name is the ${current.lang} one; its language cannot be changed.`);
  val.throwIfAny();
  return {
    ...(body.name !== undefined ? { name: String(body.name) } : {}),
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
  };
}

function nameRoutes(r: RestRouter, store: PropertyRelationStore, kind: NamedKind): void {
  const found = (ctx: RestCtx) => {
    const hit = kind.name(ctx.id('nameId'));
    if (!hit) throw notFound(`${kind.what} name`);
    return hit;
  };
  r.get(`${kind.base}/{${kind.ownerField}}/names`, (ctx) => {
    const owner = kind.owner(ctx.id(kind.ownerField));
    if (!owner) throw notFound(kind.what);
    return owner.names.map((n) => renderName(kind.ownerField, owner.id, n));
  });
  r.get(`${kind.base}/names/{nameId}`, (ctx) => {
    const { ownerId, name } = found(ctx);
    return renderName(kind.ownerField, ownerId, name);
  });
  r.put(`${kind.base}/names/{nameId}`, async (ctx) => {
    const { ownerId, name } = found(ctx);
    store.rename(name, renameOf(await ctx.body<Record<string, unknown>>(), kind, ownerId, name));
    return renderName(kind.ownerField, ownerId, name);
  });
}

export function propertyNameRoutes(r: RestRouter, store: PropertyRelationStore): void {
  nameRoutes(r, store, {
    base: '/rest/v2/properties', ownerField: 'propertyId', what: 'Property',
    owner: (id) => store.property(id), name: (nameId) => store.propertyName(nameId),
  });
  nameRoutes(r, store, {
    base: '/rest/v2/properties/selections', ownerField: 'selectionId', what: 'Property selection',
    owner: (id) => store.selections.get(id), name: (nameId) => store.selectionName(nameId),
  });
}
