/** Categories: paged GET (with `with=details`), POST and PUT taking arrays, GET/PUT/DELETE by id. */
import type { ChangeSink } from '../changes.js';
import { inRange, parseRange } from '../dates.js';
import { Validator, notFound } from '../errors.js';
import { pageOf, pageRequest } from '../paging.js';
import type { RestRouter } from '../rest-router.js';
import type { CategoryInput, CategoryStore } from '../stores/categories.js';

export function categoryRoutes(r: RestRouter, categories: CategoryStore, changed: ChangeSink): void {
  const render = (withs: Set<string>, langs: string[]) => (id: number) => categories.render(categories.get(id)!, withs.has('details'), langs, withs.has('clients'));

  r.get('/rest/categories', (ctx) => {
    const withs = new Set(ctx.list('with'));
    const langs = ctx.list('lang');
    const type = ctx.query('type');
    const parentId = ctx.query('parentId');
    const updated = parseRange(ctx.query('updatedAt'));
    const ids = categories.ids().filter((id) => {
      const c = categories.get(id)!;
      if (type && c.type !== type) return false;
      if (parentId !== undefined && String(c.parentCategoryId ?? '') !== parentId) return false;
      if (updated && !inRange(c.updatedAtMs, updated)) return false;
      return true;
    });
    return pageOf(pageRequest(ctx.query), ids.map(render(withs, langs)));
  });

  const write = (mode: 'create' | 'update') => async (ctx: import('../rest-router.js').RestCtx) => {
    const body = await ctx.body<CategoryInput[] | CategoryInput>();
    const list = Array.isArray(body) ? body : [body];
    const val = new Validator();
    list.forEach((c, i) => {
      if (mode === 'update' && val.required(`${i}.id`, c.id)) val.exists(`${i}.id`, categories.get(Number(c.id)) !== undefined);
      if (mode === 'create' && c.parentCategoryId != null) val.exists(`${i}.parentCategoryId`, categories.get(Number(c.parentCategoryId)) !== undefined);
      if (mode === 'create' && (!Array.isArray(c.details) || c.details.length === 0)) val.add(`${i}.details`, 'The details field is required.');
    });
    val.throwIfAny();
    const saved = list.map((c) => (mode === 'create' ? categories.create(c) : categories.update(Number(c.id), c)!));
    changed({ entity: 'category', action: mode === 'create' ? 'created' : 'updated', ids: saved.map((c) => c.id) });
    return saved.map((c) => categories.render(c, true, [], true));
  };
  r.post('/rest/categories', write('create'));
  r.put('/rest/categories', write('update'));

  r.get('/rest/categories/{id}', (ctx) => {
    const c = categories.get(ctx.id('id'));
    if (!c) throw notFound('Category');
    const withs = new Set(ctx.list('with'));
    return pageOf(pageRequest(ctx.query), [categories.render(c, withs.has('details'), ctx.list('lang'), withs.has('clients'))]);
  });
  r.put('/rest/categories/{id}', async (ctx) => {
    const id = ctx.id('id');
    if (!categories.get(id)) throw notFound('Category');
    const c = categories.update(id, await ctx.body<CategoryInput>())!;
    changed({ entity: 'category', action: 'updated', ids: [id] });
    return pageOf(pageRequest(ctx.query), [categories.render(c, true, [], true)]);
  });
  r.delete('/rest/categories/{id}', (ctx) => {
    const id = ctx.id('id');
    if (!categories.delete(id)) throw notFound('Category');
    changed({ entity: 'category', action: 'deleted', ids: [id] });
    return { success: true };
  });
}
