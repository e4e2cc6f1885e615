import type { Context, Hono } from 'hono';
import { ConfigValidationError } from '../../../profiles/errors.js';
import type { RunInput } from '../../../profiles/profile-type.js';
import { MAX_RUN_IDS, MAX_SCHEDULES } from '../../api/limits.js';
import { configFormSchema, problemsByField, readConfigForm, type FormState } from '../config-form.js';
import type { UiContext, UiEnv } from '../deps.js';
import { page, redirectWithNotice } from '../layout.js';
import { profileBody } from '../pages/profile.js';
import { connectionOf } from '../../pick-lists.js';
import { auditedProfiles } from '../../../access/audited-profiles.js';

type C = Context<UiEnv>;
/** The profile id of the path (the routes only match digits). */
const pid = (c: C) => Number(c.req.param('id'));

/** A refusal of the profile service (lifecycle, validation, not found) as a sentence for the notice. */
export function reason(error: unknown): string {
  if (error instanceof ConfigValidationError) return `${error.message.split('\n')[0]} ${error.problems.join('; ')}`;
  const e = error as Error & { status?: number };
  if (typeof e.status === 'number' && e.status < 500) return e.message;
  throw error;
}

const text = (form: Record<string, unknown>, key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');

export function profileRoutes(app: Hono<UiEnv>, ctx: UiContext): void {
  const { profiles } = ctx;
  /** Changes go through the audited service, naming the signed-in token. */
  const as = (c: C) => auditedProfiles(profiles, ctx.audit, { name: c.get('session').name, role: c.get('session').role, via: 'app' });

  const render = async (c: C, id: number, extra: { form?: FormState; scheduleErrors?: string[]; status?: 422 } = {}) => {
    const profile = await profiles.get(id);
    const type = profiles.registry.get(profile.typeId);
    const collected = ctx.pickLists.cached(connectionOf(profile.config));
    return page(c, {
      title: profile.name, session: c.get('session'), status: extra.status ?? 200,
      body: profileBody({
        session: c.get('session'), profile, schema: configFormSchema(type), runs: await profiles.history(profile.id, 10),
        form: { ...(extra.form ?? { values: profile.config }), ...(collected ? { pickLists: collected.lists } : {}) },
        collected, canCollect: ctx.pickLists.available, ...(extra.scheduleErrors ? { scheduleErrors: extra.scheduleErrors } : {}),
      }),
    });
  };
  const guarded = (handler: (c: C) => Promise<Response>) => async (c: C) => {
    try {
      return await handler(c);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return redirectWithNotice(c, '/admin', reason(error), true);
      return redirectWithNotice(c, `/admin/profiles/${pid(c)}`, reason(error), true);
    }
  };

  app.get('/admin/profiles/:id{[0-9]+}', guarded((c) => render(c, pid(c))));

  app.post('/admin/profiles/:id{[0-9]+}/config', guarded(async (c) => {
    const id = pid(c);
    const form = c.get('form');
    const profile = await profiles.get(id);
    const schema = configFormSchema(profiles.registry.get(profile.typeId));
    const read = readConfigForm(schema, form);
    if (Object.keys(read.errors).length) {
      return render(c, id, { status: 422, form: { values: read.config, raw: read.raw, errors: read.errors } });
    }
    try {
      await as(c).updateConfig(id, read.config, text(form, 'name') || undefined);
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error;
      return render(c, id, { status: 422, form: { values: read.config, raw: read.raw, errors: problemsByField(schema, error.problems) } });
    }
    const after = await profiles.get(id);
    return redirectWithNotice(c, `/admin/profiles/${id}`, `Configuration saved; the profile is ${after.status}.`);
  }));

  for (const action of ['test', 'enable', 'disable'] as const) {
    app.post(`/admin/profiles/:id{[0-9]+}/${action}`, guarded(async (c) => {
      const id = pid(c);
      const after = await as(c)[action](id);
      return redirectWithNotice(c, `/admin/profiles/${id}`, `${action === 'test' ? 'Tested' : action === 'enable' ? 'Enabled' : 'Disabled'}: the profile is ${after.status}.`);
    }));
  }

  app.post('/admin/profiles/:id{[0-9]+}/run', guarded(async (c) => {
    const id = pid(c);
    const form = c.get('form');
    const mode = text(form, 'mode');
    let input: RunInput;
    if (mode === 'ids') {
      const ids = text(form, 'ids').split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) return redirectWithNotice(c, `/admin/profiles/${id}`, 'An ids run needs at least one key (SKU, order number, variation id…).', true);
      if (ids.length > MAX_RUN_IDS) return redirectWithNotice(c, `/admin/profiles/${id}`, `At most ${MAX_RUN_IDS} keys per run; use a delta or full run for more.`, true);
      input = { mode: 'ids', ids };
    } else {
      input = { mode: mode === 'full' ? 'full' : 'delta' };
    }
    const job = await profiles.requestRun(id, { trigger: 'manual', input });
    return c.redirect(`/admin/jobs/${encodeURIComponent(job.jobId)}`, 303);
  }));

  app.post('/admin/profiles/:id{[0-9]+}/schedules', guarded(async (c) => {
    const id = pid(c);
    const form = c.get('form');
    const count = Math.min(Number(text(form, 'count')) || 0, MAX_SCHEDULES + 1);
    const schedules = [];
    for (let i = 0; i < count; i++) {
      const cron = text(form, `s${i}.cron`);
      if (!cron || text(form, `s${i}.remove`) === 'true') continue;
      const start = text(form, `s${i}.windowStart`);
      const end = text(form, `s${i}.windowEnd`);
      schedules.push({
        cron, timezone: text(form, `s${i}.timezone`) || 'UTC', mode: text(form, `s${i}.mode`) === 'full' ? 'full' : 'delta',
        enabled: text(form, `s${i}.enabled`) === 'true', ...(start || end ? { window: { start, end } } : {}),
      });
    }
    try {
      await as(c).setSchedules(id, schedules);
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error;
      return render(c, id, { status: 422, scheduleErrors: error.problems });
    }
    return redirectWithNotice(c, `/admin/profiles/${id}`, `Schedules saved (${schedules.length}).`);
  }));

  app.post('/admin/profiles/:id{[0-9]+}/collect', guarded(async (c) => {
    const profile = await profiles.get(pid(c));
    const data = await ctx.pickLists.collect(connectionOf(profile.config));
    const failed = data.lists.filter((l) => l.error);
    return redirectWithNotice(c, `/admin/profiles/${profile.id}#collected`, failed.length
      ? `Collected ${data.lists.length - failed.length} of ${data.lists.length} lists; not read: ${failed.map((l) => `${l.label} (${l.error})`).join('; ')}`
      : `Collected ${data.lists.length} lists from PlentyONE and Magento.`, failed.length > 0);
  }));

  app.get('/admin/profiles/:id{[0-9]+}/export', guarded(async (c) => {
    const doc = await profiles.exportConfig(pid(c));
    return c.body(JSON.stringify(doc, null, 2) + '\n', 200, {
      'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${doc.typeId}.json"`,
    });
  }));

  app.post('/admin/profiles/import', async (c) => {
    const form = c.get('form');
    const file = form.file;
    const source = file instanceof File && file.size > 0 ? await file.text() : text(form, 'document');
    const back = c.req.header('referer')?.match(/\/admin\/profiles\/\d+/)?.[0] ?? '/admin';
    let doc: unknown;
    try {
      doc = JSON.parse(source);
    } catch (error) {
      return redirectWithNotice(c, back, `The document is not JSON: ${(error as Error).message}`, true);
    }
    try {
      const profile = await as(c).importConfig(doc);
      return redirectWithNotice(c, `/admin/profiles/${profile.id}`, `Imported: ${profile.name} is ${profile.status}.`);
    } catch (error) {
      return redirectWithNotice(c, back, `Not imported: ${reason(error)}`, true);
    }
  });
}
