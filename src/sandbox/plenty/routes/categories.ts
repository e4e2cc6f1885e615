/**
 * Categories as the OpenAPI describes them: a paged search (`with=details,clients` or `with[]=…`,
 * `lang` — the system's default language when absent —, `type`, `parentId`, `plentyId`, `name`,
 * `level`, `linklist`, `updatedAt`), POST and PUT taking arrays, GET/PUT/DELETE by id, and the removal
 * of a category's clients or of one client's and language's details.
 */
import type { ChangeSink } from '../changes.js';
import { parseTimestamp } from '../dates.js';
import { Validator, notFound } from '../errors.js';
import { pageOf, pageRequest } from '../paging.js';
import type { RestCtx, RestRouter } from '../rest-router.js';
import type { CategoryFilter, CategoryInput, CategoryStore } from '../stores/categories.js';

const intOrUndefined = (v: string | undefined) => (v === undefined || v === '' || !Number.isInteger(Number(v)) ? undefined : Number(v));

function filterOf(ctx: RestCtx): CategoryFilter {
  const linklist = ctx.query('linklist');
  return {
    type: ctx.query('type') || undefined,
    parentId: intOrUndefined(ctx.query('parentId')),
    plentyId: intOrUndefined(ctx.query('plentyId')),
    level: intOrUndefined(ctx.query('level')),
    name: ctx.query('name') || undefined,
    linklist: linklist === undefined || linklist === '' ? undefined : ['1', 'true', 'Y'].includes(linklist),
    // "restricts the list of results to items updated after the specified date"
    updatedFrom: parseTimestamp(ctx.query('updatedAt')),
  };
}

export function categoryRoutes(r: RestRouter, categories: CategoryStore, changed: ChangeSink): void {
  r.get('/rest/categories', (ctx) => {
    const withs = new Set(ctx.list('with'));
    const langs = ctx.list('lang');
    const found = categories.find(filterOf(ctx));
    return pageOf(pageRequest(ctx.query), found.map((c) => categories.render(c, withs, langs)));
  });

  const validate = (list: CategoryInput[], mode: 'create' | 'update') => {
    const val = new Validator();
    // Names taken by earlier entries of the same request (parent, client, language → name).
    const taken = new Set<string>();
    list.forEach((c, i) => {
      const current = mode === 'update' && val.required(`${i}.id`, c.id) ? categories.get(Number(c.id)) : undefined;
      if (mode === 'update' && c.id !== undefined) val.exists(`${i}.id`, current !== undefined);
      if (c.parentCategoryId != null) val.exists(`${i}.parentCategoryId`, categories.get(Number(c.parentCategoryId)) !== undefined);
      if (c.type !== undefined && !['item', 'container', 'content', 'blog'].includes(c.type)) val.add(`${i}.type`, 'The selected type is invalid.');
      if (mode === 'create' && (!Array.isArray(c.details) || c.details.length === 0)) val.add(`${i}.details`, 'The details field is required.');
      (c.details ?? []).forEach((d, j) => {
        if (mode === 'create') val.required(`${i}.details.${j}.name`, d.name);
        val.integer(`${i}.details.${j}.plentyId`, d.plentyId);
      });
      const parentId = c.parentCategoryId !== undefined ? (c.parentCategoryId === null ? null : Number(c.parentCategoryId)) : (current?.parentCategoryId ?? null);
      for (const clash of categories.nameClashes(parentId, c.details ?? [], current?.id)) val.add(`${i}.details`, clash);
      for (const d of c.details ?? []) {
        if (d.name === undefined) continue;
        const key = JSON.stringify([parentId, Number(d.plentyId ?? categories.plentyId), d.lang ?? categories.defaultLang, d.name]);
        if (taken.has(key)) val.add(`${i}.details`, `The name "${d.name}" is already used on this level (client ${d.plentyId ?? categories.plentyId}, language ${d.lang ?? categories.defaultLang}).`);
        taken.add(key);
      }
    });
    val.throwIfAny();
  };

  const write = (mode: 'create' | 'update') => async (ctx: RestCtx) => {
    const body = await ctx.body<CategoryInput[] | CategoryInput>();
    const list = Array.isArray(body) ? body : [body];
    validate(list, mode);
    const saved = list.map((c) => (mode === 'create' ? categories.create(c) : categories.update(Number(c.id), c)!));
    changed({ entity: 'category', action: mode === 'create' ? 'created' : 'updated', ids: saved.map((c) => c.id) });
    return saved.map((c) => categories.render(c, new Set(['details', 'clients']), [...new Set(c.details.map((d) => d.lang))]));
  };
  r.post('/rest/categories', write('create'));
  r.put('/rest/categories', write('update'));

  r.get('/rest/categories/{id}', (ctx) => {
    const c = categories.get(ctx.id('id'));
    if (!c) throw notFound('Category');
    return pageOf(pageRequest(ctx.query), [categories.render(c, new Set(ctx.list('with')), ctx.list('lang'))]);
  });
  r.put('/rest/categories/{id}', async (ctx) => {
    const id = ctx.id('id');
    if (!categories.get(id)) throw notFound('Category');
    const body = await ctx.body<CategoryInput>();
    validate([{ ...body, id }], 'update');
    const c = categories.update(id, body)!;
    changed({ entity: 'category', action: 'updated', ids: [id] });
    return pageOf(pageRequest(ctx.query), [categories.render(c, new Set(['details', 'clients']), [...new Set(c.details.map((d) => d.lang))])]);
  });
  r.delete('/rest/categories/{id}', (ctx) => {
    const id = ctx.id('id');
    if (!categories.delete(id)) throw notFound('Category');
    changed({ entity: 'category', action: 'deleted', ids: [id] });
    return {};
  });
  r.delete('/rest/categories/{id}/clients', (ctx) => {
    const id = ctx.id('id');
    if (!categories.unlinkClients(id)) throw notFound('Category');
    changed({ entity: 'category', action: 'updated', ids: [id] });
    return {};
  });
  r.delete('/rest/categories/{id}/details', async (ctx) => {
    const id = ctx.id('id');
    const body = await ctx.body<{ plentyId?: number; lang?: string }>();
    const val = new Validator();
    val.required('plentyId', body.plentyId);
    val.required('lang', body.lang);
    val.throwIfAny();
    if (!categories.deleteDetails(id, Number(body.plentyId), String(body.lang))) throw notFound('Category');
    changed({ entity: 'category', action: 'updated', ids: [id] });
    return {};
  });
}
