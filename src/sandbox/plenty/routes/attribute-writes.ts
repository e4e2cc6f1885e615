/**
 * Creating attributes and attribute values (what the item export does for a configurable's super
 * attributes and options that PlentyONE lacks). Backend names are required and unique (per system,
 * per attribute), as PlentyONE's OpenAPI says; a duplicate is refused with 422. A value's names per
 * language are added (POST) and listed (GET) through `/rest/items/attribute_values/{valueId}/names`,
 * one language once, and renamed through `PUT …/names/{lang}` (a generated value's too); a language the
 * value has no name in is a missing record there (404), as the PUT renames and never adds.
 */
import { w3c } from '../dates.js';
import { Validator, notFound } from '../errors.js';
import type { RestRouter } from '../rest-router.js';
import { writtenAttributesOf, type AttributeRecord, type AttributeStore, type AttributeValueRecord } from '../stores/attributes.js';

export const renderAttribute = (a: AttributeRecord) => ({
  id: a.id, backendName: a.backendName, position: a.position, isSurchargePercental: false, isLinkableToImage: false,
  amazonAttribute: '', fruugoAttribute: '', pixmaniaAttribute: 0, ottoAttribute: '', googleShoppingAttribute: '',
  neckermannAtEpAttribute: 0, typeOfSelectionInOnlineStore: 'dropdown', laRedouteAttribute: 0, isGroupable: false, updatedAt: w3c(a.updatedAtMs),
});

export const renderValue = (v: AttributeValueRecord) => ({
  id: v.id, attributeId: v.attributeId, backendName: v.backendName, position: v.position, image: '', comment: '',
  amazonValue: '', ottoValue: '', neckermannAtEpValue: '', laRedouteValue: '', tracdelightValue: '', percentageDistribution: 0, updatedAt: w3c(v.updatedAtMs),
});

/** Backend names must not contain commas, colons, semicolons or quotation marks (OpenAPI). */
const badName = (name: string) => /[,:;"']/.test(name);

export function attributeWriteRoutes(r: RestRouter, attributes: AttributeStore): void {
  writtenAttributesOf.set(r, attributes);
  r.post('/rest/items/attributes', async (ctx) => {
    const body = await ctx.body<{ backendName?: string; position?: number }>();
    const val = new Validator();
    if (val.required('backendName', body.backendName)) {
      const name = String(body.backendName);
      if (badName(name)) val.add('backendName', 'The backend name must not contain commas, colons, semicolons or quotation marks.');
      else if (attributes.backendNameTaken(name)) val.add('backendName', 'The backend name has already been taken.');
    }
    val.integer('position', body.position);
    val.throwIfAny();
    return renderAttribute(attributes.createAttribute(String(body.backendName), Number(body.position ?? 0)));
  });

  r.post('/rest/items/attributes/{attributeId}/values', async (ctx) => {
    const attributeId = ctx.id('attributeId');
    if (!attributes.exists(attributeId)) throw notFound('Attribute');
    const body = await ctx.body<{ backendName?: string; position?: number }>();
    const val = new Validator();
    if (val.required('backendName', body.backendName)) {
      const name = String(body.backendName);
      if (badName(name)) val.add('backendName', 'The backend name must not contain commas, colons, semicolons or quotation marks.');
      else if (attributes.valueNameTaken(attributeId, name)) val.add('backendName', 'The backend name has already been taken.');
    }
    val.integer('position', body.position);
    val.throwIfAny();
    return renderValue(attributes.createValue(attributeId, String(body.backendName), Number(body.position ?? 0)));
  });

  r.post('/rest/items/attribute_values/{valueId}/names', async (ctx) => {
    const valueId = ctx.id('valueId');
    const languages = attributes.valueLanguages(valueId);
    if (!languages) throw notFound('Attribute value');
    const body = await ctx.body<{ lang?: string; name?: string }>();
    const val = new Validator();
    if (val.required('lang', body.lang) && languages.includes(String(body.lang))) val.add('lang', 'The value already has a name in this language.');
    val.required('name', body.name);
    val.throwIfAny();
    if (attributes.values.every((v) => v.id !== valueId)) val.add('valueId', 'The names of this value cannot be changed here.');
    val.throwIfAny();
    attributes.addValueName(valueId, String(body.lang), String(body.name));
    return { valueId, lang: String(body.lang), name: String(body.name) };
  });

  /** A value's AttributeValueNames; 404 for an unknown value. */
  const valueNames = (valueId: number) => {
    const names = attributes.valueNames(valueId);
    if (!names) throw notFound('Attribute value');
    return names.map((n) => ({ valueId, lang: n.lang, name: n.name }));
  };

  // Not served: GET `…/names/{lang}`. Its path overlaps the image and variation list routes', which
  // would make their ids digits-only and rename them in the request log; the list below is as cheap.
  r.get('/rest/items/attribute_values/{valueId}/names', (ctx) => valueNames(ctx.id('valueId')));

  // The body's valueId and lang are ignored: the route names the record (as the bundle routes do).
  r.put('/rest/items/attribute_values/{valueId}/names/{lang}', async (ctx) => {
    const valueId = ctx.id('valueId');
    const lang = String(ctx.param('lang'));
    const current = valueNames(valueId).find((n) => n.lang === lang);
    if (!current) throw notFound('Attribute value name');
    const body = await ctx.body<{ name?: unknown }>();
    const val = new Validator();
    val.text('name', body.name);
    val.throwIfAny();
    attributes.renameValue(valueId, lang, String(body.name));
    return { ...current, name: String(body.name) };
  });
}
