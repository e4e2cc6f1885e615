/**
 * Attributes and their values (`/rest/items/attributes`, `/rest/items/attributes/{attributeId}/values`)
 * with names per language (`with=names`): what an item import maps to Magento attributes and options.
 * The attributes are the generator's (colour, size), the same in every sandbox, and those written
 * through the API (attribute-writes.ts) with their values and names; a renamed value name shows here.
 */
import { ATTRIBUTES } from '../../generator/attributes.js';
import type { AttributeDef, AttributeValueDef } from '../../generator/types.js';
import { w3c } from '../dates.js';
import { notFound } from '../errors.js';
import { pageOf, pageRequest } from '../paging.js';
import type { RestRouter } from '../rest-router.js';
import { writtenAttributesOf, type AttributeStore, type AttributeValueRecord } from '../stores/attributes.js';
import { renderAttribute as renderWritten, renderValue as renderWrittenValue } from './attribute-writes.js';

const STAMP = '2020-01-01T00:00:00+00:00';

/** A generated value; `store` lays this sandbox's renames of its names over the generator's labels. */
function renderValue(a: AttributeDef, v: AttributeValueDef, withNames: boolean, store?: AttributeStore): Record<string, unknown> {
  const renamedAtMs = store?.generatedRenamedAtMs(v.valueId);
  const out: Record<string, unknown> = {
    id: v.valueId, attributeId: a.attributeId, backendName: v.code, position: v.position, image: '', comment: '',
    amazonValue: '', ottoValue: '', neckermannAtEpValue: '', laRedouteValue: '', tracdelightValue: '', percentageDistribution: 0,
    updatedAt: renamedAtMs === undefined ? STAMP : w3c(renamedAtMs),
  };
  if (withNames) {
    const names = store?.valueNames(v.valueId) ?? Object.entries(v.labels).map(([lang, name]) => ({ lang, name }));
    out.valueNames = names.map((n) => ({ valueId: v.valueId, ...n }));
  }
  return out;
}

function renderAttribute(a: AttributeDef, withs: ReadonlySet<string>, store?: AttributeStore): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: a.attributeId, backendName: a.code, position: a.attributeId, isSurchargePercental: false, isLinkableToImage: false,
    amazonAttribute: '', fruugoAttribute: '', pixmaniaAttribute: 0, ottoAttribute: '', googleShoppingAttribute: '',
    neckermannAtEpAttribute: 0, typeOfSelectionInOnlineStore: 'dropdown', laRedouteAttribute: 0, isGroupable: false, updatedAt: STAMP,
  };
  if (withs.has('names')) out.attributeNames = Object.entries(a.labels).map(([lang, name]) => ({ attributeId: a.attributeId, lang, name }));
  if (withs.has('values')) out.values = a.values.map((v) => renderValue(a, v, false, store));
  return out;
}

const renderWrittenWithNames = (v: AttributeValueRecord, withNames: boolean) =>
  ({ ...renderWrittenValue(v), ...(withNames ? { valueNames: v.names.map((n) => ({ valueId: v.id, lang: n.lang, name: n.name })) } : {}) });

export function attributeRoutes(r: RestRouter): void {
  const written = () => writtenAttributesOf.get(r);
  r.get('/rest/items/attributes', (ctx) => {
    const withs = new Set(ctx.list('with'));
    const store = written();
    const made = (store?.attributes ?? []).map((a) => ({
      ...renderWritten(a),
      ...(withs.has('names') ? { attributeNames: [] } : {}),
      ...(withs.has('values') ? { values: store!.values.filter((v) => v.attributeId === a.id).map((v) => renderWrittenValue(v)) } : {}),
    }));
    return pageOf(pageRequest(ctx.query), [...ATTRIBUTES.map((a) => renderAttribute(a, withs, store)), ...made]);
  });
  r.get('/rest/items/attributes/{attributeId}/values', (ctx) => {
    const attributeId = ctx.id('attributeId');
    const attribute = ATTRIBUTES.find((a) => a.attributeId === attributeId);
    const store = written();
    if (!attribute && !store?.attributes.some((a) => a.id === attributeId)) throw notFound('Attribute');
    const withNames = ctx.list('with').includes('names');
    return pageOf(pageRequest(ctx.query), [
      ...(attribute?.values ?? []).map((v) => renderValue(attribute!, v, withNames, store)),
      ...(store?.values ?? []).filter((v) => v.attributeId === attributeId).map((v) => renderWrittenWithNames(v, withNames)),
    ]);
  });
}
