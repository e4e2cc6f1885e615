import type { Context, Hono } from 'hono';
import { isRole } from '../../../access/roles.js';
import type { Principal } from '../../../access/principal.js';
import { TokenInputError } from '../../../access/tokens.js';
import type { UiContext, UiEnv } from '../deps.js';
import { page, redirectWithNotice } from '../layout.js';
import { auditBody, credentialsBody, tokensBody } from '../pages/access.js';
import { reason } from './profile-routes.js';

type C = Context<UiEnv>;
const text = (form: Record<string, unknown>, key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');
export const principalOfSession = (c: C): Principal => ({ name: c.get('session').name, role: c.get('session').role, via: 'app' });

/** The audit log, credentials (set, test, delete; never a secret shown) and tokens. */
export function accessPages(app: Hono<UiEnv>, ctx: UiContext): void {
  app.get('/admin/audit', async (c) => {
    const filter = { target: c.req.query('target')?.trim() || undefined, action: c.req.query('action')?.trim() || undefined, actor: c.req.query('actor')?.trim() || undefined };
    const entries = await ctx.audit.list({ ...filter, limit: 200 });
    return page(c, { title: 'Audit log', session: c.get('session'), body: auditBody({ session: c.get('session'), entries, filter }) });
  });

  const credentialsPage = async (c: C, extra: { test?: Awaited<ReturnType<NonNullable<UiContext['credentials']>['test']>>; error?: string; status?: 422 } = {}) => {
    const rows = ctx.credentials ? await ctx.credentials.list() : [];
    return page(c, {
      title: 'Credentials', session: c.get('session'), status: extra.status ?? 200,
      body: credentialsBody({ session: c.get('session'), available: Boolean(ctx.credentials), rows, test: extra.test, error: extra.error }),
    });
  };
  app.get('/admin/credentials', (c) => credentialsPage(c));
  app.post('/admin/credentials/set', async (c) => {
    if (!ctx.credentials) return credentialsPage(c);
    const form = c.get('form');
    const kind = text(form, 'kind');
    const secret = typeof form.secret === 'string' ? form.secret : '';
    const input = kind === 'magento'
      ? { kind, baseUrl: text(form, 'baseUrl'), auth: { type: 'bearer', token: secret } }
      : { kind: 'plenty', baseUrl: text(form, 'baseUrl'), username: text(form, 'username'), password: secret };
    try {
      const stored = await ctx.credentials.set(principalOfSession(c), text(form, 'name'), input);
      return redirectWithNotice(c, '/admin/credentials', `Stored credential "${stored.name}" (${stored.kind}, ${stored.baseUrl}). Test its connection next.`);
    } catch (error) {
      return credentialsPage(c, { error: reason(error), status: 422 });
    }
  });
  app.post('/admin/credentials/:name{[\\w.-]{1,64}}/test', async (c) => {
    if (!ctx.credentials) return credentialsPage(c);
    return credentialsPage(c, { test: await ctx.credentials.test(c.req.param('name')) });
  });
  app.post('/admin/credentials/:name{[\\w.-]{1,64}}/delete', async (c) => {
    if (!ctx.credentials) return credentialsPage(c);
    const name = c.req.param('name');
    const removed = await ctx.credentials.remove(principalOfSession(c), name);
    return redirectWithNotice(c, '/admin/credentials', removed ? `Deleted credential "${name}".` : `No credential named "${name}".`, !removed);
  });

  const tokensPage = async (c: C, extra: { created?: { name: string; role: string; token: string }; error?: string; status?: 422 } = {}) => page(c, {
    title: 'Tokens', session: c.get('session'), status: extra.status ?? 200,
    body: tokensBody({ session: c.get('session'), tokens: await ctx.access.list(), created: extra.created, error: extra.error }),
  });
  app.get('/admin/tokens', (c) => tokensPage(c));
  app.post('/admin/tokens', async (c) => {
    const form = c.get('form');
    const role = text(form, 'role');
    if (!isRole(role)) return tokensPage(c, { error: 'Choose a role: viewer, operator or admin.', status: 422 });
    try {
      const who = principalOfSession(c);
      const { token, stored } = await ctx.access.create(text(form, 'name'), role, who.name);
      await ctx.audit.record(who, 'token.create', `token ${stored.name}`, [{ path: 'role', to: stored.role }]);
      // Shown on this answer only (never put in a redirect's cookie or a URL).
      return tokensPage(c, { created: { name: stored.name, role: stored.role, token } });
    } catch (error) {
      if (!(error instanceof TokenInputError)) throw error;
      return tokensPage(c, { error: error.message, status: 422 });
    }
  });
  app.post('/admin/tokens/:id{[0-9]{1,9}}/revoke', async (c) => {
    const revoked = await ctx.access.revoke(Number(c.req.param('id')));
    if (revoked) await ctx.audit.record(principalOfSession(c), 'token.revoke', `token ${revoked.name}`, [{ path: 'role', from: revoked.role }]);
    return redirectWithNotice(c, '/admin/tokens', revoked ? `Revoked "${revoked.name}".` : 'No such token.', !revoked);
  });
}
