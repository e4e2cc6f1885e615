import { Hono } from 'hono';
import { html } from 'hono/html';
import { limitBody } from '../http/body-limit.js';
import { ADMIN_MAX_BODY_BYTES } from '../api/limits.js';
import { SCRIPT, STYLESHEET } from './assets.js';
import type { UiContext, UiDeps, UiEnv } from './deps.js';
import { page } from './layout.js';
import { loadOverview } from './overview.js';
import { dashboardBody } from './pages/dashboard.js';
import { signInBody } from './pages/sign-in.js';
import { deadLetterRoutes } from './routes/dead-letter-routes.js';
import { inboxRoutes } from './routes/inbox-routes.js';
import { profileRoutes } from './routes/profile-routes.js';
import { runRoutes } from './routes/run-routes.js';
import { CSRF_FIELD, createSessions } from './session.js';
import { allows, refusal, requiredRole } from '../../access/roles.js';
import { accessPages } from './routes/access-routes.js';
import { linkPages } from './routes/link-routes.js';

export type { UiDeps } from './deps.js';

/**
 * The admin web app under /admin, server-rendered by the gateway: sign-in with an admin API token,
 * then the dashboard, profiles (config form, test, enable, runs, schedules), runs, the inbox and dead
 * letters. Every action goes through the services the admin API uses, with the same validation.
 */
export function adminUi(deps: UiDeps): Hono<UiEnv> {
  const sessions = createSessions(deps.access, deps.tokens);
  const ctx: UiContext = { ...deps, sessions };
  const app = new Hono<UiEnv>();

  app.get('/admin/assets/app.css', (c) => c.body(STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));
  app.get('/admin/assets/app.js', (c) => c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  app.use('/admin/*', limitBody(ADMIN_MAX_BODY_BYTES));
  // A form posted from another site is refused whatever it carries (the session cookie is SameSite=Strict too).
  app.use('/admin/*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (origin && origin !== 'null' && origin !== new URL(c.req.url).origin) return c.text('Cross-site request refused.', 403);
    }
    await next();
  });

  app.get('/admin/sign-in', async (c) => {
    if (await sessions.read(c)) return c.redirect('/admin', 303);
    return page(c, { title: 'Sign in', body: signInBody({ configured: deps.access.enabled, next: safeNext(c.req.query('next')) }) });
  });
  app.post('/admin/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    const session = await sessions.signIn(c, typeof form.token === 'string' ? form.token.trim() : '');
    if (!session) {
      return page(c, {
        title: 'Sign in', status: 400,
        body: signInBody({ configured: deps.access.enabled, next, error: 'That is not one of the admin API tokens (PLENTYGATE_API_TOKENS, or one created under Tokens).' }),
      });
    }
    return c.redirect(next, 303);
  });

  // Everything else needs a session; every POST carries the session's CSRF token.
  app.use('/admin/*', async (c, next) => {
    const session = await sessions.read(c);
    if (!session) {
      if (c.req.method === 'GET' && !(c.req.header('accept') ?? '').includes('application/json')) {
        const here = new URL(c.req.url);
        return c.redirect(`/admin/sign-in?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
      }
      return c.json({ error: 'Sign in first.' }, 401);
    }
    c.set('session', session);
    // The role decides before anything is read or done: the same rule as the admin API's.
    const needed = requiredRole(c.req.method, new URL(c.req.url).pathname);
    if (!allows(session.role, needed)) {
      return page(c, { title: 'Not allowed', session, status: 403, notice: { text: refusal(session.role, needed), error: true }, body: html`<p><a href="/admin">Back to the dashboard</a></p>` });
    }
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!sessions.csrfMatches(session, form[CSRF_FIELD])) {
        return page(c, { title: 'Refused', session, status: 400, notice: { text: 'The form was refused: it is out of date or from another page. Reload the page and try again.', error: true }, body: html`<p><a href="/admin">Back to the dashboard</a></p>` });
      }
      c.set('form', form);
    }
    await next();
  });

  app.post('/admin/sign-out', (c) => {
    sessions.signOut(c);
    return c.redirect('/admin/sign-in', 303);
  });
  app.get('/admin', async (c) => page(c, { title: 'Dashboard', session: c.get('session'), body: dashboardBody(await loadOverview(ctx)) }));
  app.get('/admin/', (c) => c.redirect('/admin', 301));

  profileRoutes(app, ctx);
  runRoutes(app, ctx);
  inboxRoutes(app, ctx);
  deadLetterRoutes(app, ctx);
  accessPages(app, ctx);
  linkPages(app, ctx);

  app.all('/admin/*', (c) => page(c, { title: 'Not found', session: c.get('session'), status: 404, body: html`<h1>Not found</h1><p>There is no page ${new URL(c.req.url).pathname}. <a href="/admin">Dashboard</a></p>` }));
  return app;
}

/** Only a path inside the app (never another site) is a place to go after signing in. */
function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/[^\s\\]*)?(\?[^\s\\]*)?$/.test(next) && !next.startsWith('//') ? next : '/admin';
}
