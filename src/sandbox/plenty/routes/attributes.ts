/**
 * Attributes and their values (`/rest/items/attributes`, `/rest/items/attributes/{attributeId}/values`)
 * with names per language (`with=names`): what an item import maps to Magento attributes and options.
 * The attributes are the generator's (colour, size), the same in every sandbox.
 */
import { ATTRIBUTES } from '../../generator/attributes.js';
import type { AttributeDef, AttributeValueDef } from '../../generator/types.js';
import { notFound } from '../errors.js';
import { pageOf, pageRequest } from '../paging.js';
import type { RestRouter } from '../rest-router.js';

const STAMP = '2020-01-01T00:00:00+00:00';

function renderValue(a: AttributeDef, v: AttributeValueDef, withNames: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: v.valueId, attributeId: a.attributeId, backendName: v.code, position: v.position, image: '', comment: '',
    amazonValue: '', ottoValue: '', neckermannAtEpValue: '', laRedouteValue: '', tracdelightValue: '', percentageDistribution: 0,
    updatedAt: STAMP,
  };
  if (withNames) out.valueNames = Object.entries(v.labels).map(([lang, name]) => ({ valueId: v.valueId, lang, name }));
  return out;
}

function renderAttribute(a: AttributeDef, withs: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: a.attributeId, backendName: a.code, position: a.attributeId, isSurchargePercental: false, isLinkableToImage: false,
    amazonAttribute: '', fruugoAttribute: '', pixmaniaAttribute: 0, ottoAttribute: '', googleShoppingAttribute: '',
    neckermannAtEpAttribute: 0, typeOfSelectionInOnlineStore: 'dropdown', laRedouteAttribute: 0, isGroupable: false, updatedAt: STAMP,
  };
  if (withs.has('names')) out.attributeNames = Object.entries(a.labels).map(([lang, name]) => ({ attributeId: a.attributeId, lang, name }));
  if (withs.has('values')) out.values = a.values.map((v) => renderValue(a, v, false));
  return out;
}

export function attributeRoutes(r: RestRouter): void {
  r.get('/rest/items/attributes', (ctx) => {
    const withs = new Set(ctx.list('with'));
    return pageOf(pageRequest(ctx.query), ATTRIBUTES.map((a) => renderAttribute(a, withs)));
  });
  r.get('/rest/items/attributes/{attributeId}/values', (ctx) => {
    const attribute = ATTRIBUTES.find((a) => a.attributeId === ctx.id('attributeId'));
    if (!attribute) throw notFound('Attribute');
    const withNames = ctx.list('with').includes('names');
    return pageOf(pageRequest(ctx.query), attribute.values.map((v) => renderValue(attribute, v, withNames)));
  });
}
