import type { Hono } from 'hono';
import { replayDeadBetween } from '../../dead-letter-range.js';
import type { UiContext, UiEnv } from '../deps.js';
import { page, redirectWithNotice } from '../layout.js';
import { deadLettersBody } from '../pages/inbox.js';

/** "2026-12-05T10:30" from a datetime-local field, read as UTC. */
const utc = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v) ? new Date(`${v}Z`) : undefined);

export function deadLetterRoutes(app: Hono<UiEnv>, ctx: UiContext): void {
  const { deadLetters } = ctx;

  app.get('/admin/dead-letters', async (c) => {
    const jobs = await deadLetters.list({ limit: 200 });
    let total = 0;
    for (const name of ctx.jobQueues) total += (await ctx.queue.queue(name).counts()).dead;
    return page(c, { title: 'Dead letters', session: c.get('session'), body: deadLettersBody({ session: c.get('session'), jobs, total }) });
  });

  app.post('/admin/dead-letters/replay', async (c) => {
    const form = c.get('form');
    const back = '/admin/dead-letters';
    switch (form.scope) {
      case 'one': {
        const id = typeof form.id === 'string' ? form.id : '';
        const ok = id.length > 0 && id.length <= 300 && (await deadLetters.replay(id));
        return redirectWithNotice(c, back, ok ? `Job ${id} is back in the queue.` : `No dead job ${id}.`, !ok);
      }
      case 'all':
        return redirectWithNotice(c, back, `${await deadLetters.replayAll()} job(s) back in the queue.`);
      case 'range': {
        const from = utc(form.from);
        const to = utc(form.to);
        if (!from || !to || from >= to) return redirectWithNotice(c, back, 'Give both ends of the time range (UTC), the start before the end.', true);
        const n = await replayDeadBetween(deadLetters, from, to);
        return redirectWithNotice(c, back, `${n} job(s) that failed between ${from.toISOString()} and ${to.toISOString()} back in the queue.`);
      }
      default:
        return redirectWithNotice(c, back, 'Choose what to replay.', true);
    }
  });
}
