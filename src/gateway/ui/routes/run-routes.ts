import type { Hono } from 'hono';
import type { RunFilters, RunStatus, RunTriggerName } from '../../../profiles/run-search.js';
import { PROFILE_QUEUE } from '../../../profiles/queue-names.js';
import type { UiContext, UiEnv } from '../deps.js';
import { page, redirectWithNotice } from '../layout.js';
import { awaitJobBody, runBody, runsBody, type RunFilterValues } from '../pages/runs.js';
import { reason } from './profile-routes.js';

const PAGE = 50;
const day = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? new Date(`${v}T00:00:00Z`) : undefined);
const oneOf = <T extends string>(v: string | undefined, allowed: readonly T[]) => (allowed.includes(v as T) ? (v as T) : undefined);

export function runRoutes(app: Hono<UiEnv>, ctx: UiContext): void {
  const { profiles, runs } = ctx;
  // A paused run whose worker is still on its last batch (the pause takes effect after it).
  const finishing = async (run: { status: string; jobId: string | null }) =>
    run.status === 'paused' && run.jobId !== null && (await ctx.queue.queue(PROFILE_QUEUE).get(run.jobId).catch(() => null))?.state === 'active';

  app.get('/admin/runs', async (c) => {
    const q = c.req.query();
    const values: RunFilterValues = { profile: q.profile, status: q.status, trigger: q.trigger, from: q.from, to: q.to };
    const to = day(q.to);
    const filters: RunFilters = {
      profileId: /^\d{1,9}$/.test(q.profile ?? '') ? Number(q.profile) : undefined,
      status: oneOf<RunStatus>(q.status, ['running', 'completed', 'partial', 'failed', 'paused']),
      trigger: oneOf<RunTriggerName>(q.trigger, ['manual', 'cron', 'event']),
      from: day(q.from), to: to ? new Date(to.getTime() + 86_400_000) : undefined,
      beforeId: /^\d{1,15}$/.test(q.before ?? '') ? Number(q.before) : undefined, limit: PAGE,
    };
    const found = await runs.search(filters);
    const next = found.length === PAGE ? new URL(c.req.url) : undefined;
    next?.searchParams.set('before', String(found.at(-1)!.id));
    return page(c, {
      title: 'Runs', session: c.get('session'),
      body: runsBody({ runs: found, profiles: await profiles.list(), filters: values, nextPage: next ? next.pathname + next.search : undefined }),
    });
  });

  app.get('/admin/runs/:id{[0-9]{1,15}}', async (c) => {
    const id = Number(c.req.param('id'));
    let run;
    try {
      run = await profiles.run(id);
    } catch (error) {
      return redirectWithNotice(c, '/admin/runs', reason(error), true);
    }
    const profile = (await profiles.list()).find((p) => p.id === run.profileId)!;
    const { messages, ...row } = run;
    return page(c, { title: `Run #${id}`, session: c.get('session'), body: runBody({ session: c.get('session'), run: row, profile, messages, finishing: await finishing(row) }) });
  });

  // Polled by the run page while the run is running: its counts and status.
  app.get('/admin/runs/:id{[0-9]{1,15}}/progress', async (c) => {
    const run = await runs.byId(Number(c.req.param('id')));
    if (!run) return c.json({ error: 'No such run.' }, 404);
    const { status, processed, created, updated, skipped, failed, total } = run;
    return c.json({ status, processed, created, updated, skipped, failed, total, finishing: await finishing(run) }, 200, { 'cache-control': 'no-store' });
  });

  app.post('/admin/runs/:id{[0-9]{1,15}}/pause', async (c) => {
    const id = Number(c.req.param('id'));
    try {
      const paused = await profiles.pauseRun(id);
      return redirectWithNotice(c, `/admin/runs/${id}`, paused ? 'The run pauses after its current batch.' : 'The run is not running.', !paused);
    } catch (error) {
      return redirectWithNotice(c, `/admin/runs/${id}`, reason(error), true);
    }
  });

  app.post('/admin/runs/:id{[0-9]{1,15}}/resume', async (c) => {
    const id = Number(c.req.param('id'));
    try {
      const job = await profiles.resumeRun(id);
      return redirectWithNotice(c, `/admin/runs/${id}`, `Resuming as job ${job.jobId}.`);
    } catch (error) {
      return redirectWithNotice(c, `/admin/runs/${id}`, reason(error), true);
    }
  });

  // A queued run: its page once a worker started it (JSON for the waiting page's script).
  app.get('/admin/jobs/:jobId{[^/]{1,200}}', async (c) => {
    const jobId = c.req.param('jobId');
    const run = await runs.byJob(jobId);
    const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
    if (wantsJson) return c.json(run ? { runId: run.id, href: `/admin/runs/${run.id}` } : { runId: null }, 200, { 'cache-control': 'no-store' });
    if (run) return c.redirect(`/admin/runs/${run.id}`, 303);
    return page(c, { title: 'Run queued', session: c.get('session'), body: awaitJobBody(jobId) });
  });
}
