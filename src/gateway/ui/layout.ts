import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import { allows, requiredRole } from '../../access/roles.js';
import { CSRF_FIELD, type Session } from './session.js';

/** A rendered fragment (hono/html escapes every interpolated value unless it is itself a fragment). */
export type Html = ReturnType<typeof html>;

const nav: [href: string, label: string][] = [
  ['/admin', 'Dashboard'], ['/admin/runs', 'Runs'], ['/admin/inbox', 'Inbox'], ['/admin/dead-letters', 'Dead letters'],
  ['/admin/links', 'Links'], ['/admin/credentials', 'Credentials'], ['/admin/audit', 'Audit log'], ['/admin/tokens', 'Tokens'],
];

/** True when the session's role may POST to `action` (the same rule the server enforces). */
export const may = (session: Session, action: string) => allows(session.role, requiredRole('POST', action));

/** What stands in for a form's submit button when the role may not send it. */
export const notAllowed = (session: Session, action: string) =>
  html`<span class="small muted" data-not-allowed>Your role (${session.role}) cannot change this; it needs ${requiredRole('POST', action)}.</span>`;

export interface PageOptions {
  title: string;
  session?: Session | undefined;
  body: Html;
  notice?: { text: string; error?: boolean } | undefined;
  status?: 200 | 400 | 403 | 404 | 409 | 422 | 503;
}

/** The page shell: navigation, the notice of the last action, the page body. */
export function page(c: Context, options: PageOptions): Response | Promise<Response> {
  const path = new URL(c.req.url).pathname;
  const current = nav.filter(([href]) => path === href || (href !== '/admin' && path.startsWith(href))).at(-1)?.[0];
  const notice = options.notice ?? takeNotice(c);
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · plentygate</title><link rel="stylesheet" href="/admin/assets/app.css"></head>
<body>${options.session ? html`<header class="top"><a class="brand" href="/admin">plentygate</a>
${nav.map(([href, label]) => html`<a href="${href}"${href === current ? raw(' class="on"') : ''}>${label}</a>`)}
<a href="/api/docs">API</a>
<span class="who small" data-role="${options.session.role}">${options.session.name} · ${options.session.role}</span>
<form method="post" action="/admin/sign-out">${csrfField(options.session)}<button type="submit">Sign out</button></form></header>` : ''}
<main>${notice ? html`<div class="notice${notice.error ? ' error' : ''}" role="status">${notice.text}</div>` : ''}
${options.body}</main><script src="/admin/assets/app.js"></script></body></html>`;
  return c.html(body, options.status ?? 200, {
    // Only our own files: no inline script can run, no other site can frame the app.
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  });
}

export const csrfField = (session: Session) => html`<input type="hidden" name="${CSRF_FIELD}" value="${session.csrf}">`;

/** A POST button (with the CSRF field), optionally confirmed first. */
export function postButton(session: Session, action: string, label: string, options: { confirm?: string; cls?: string; fields?: Record<string, string> } = {}): Html {
  // A button the role may not use is left out (the server would refuse it with 403 anyway).
  if (!may(session, action)) return html``;
  return html`<form class="inline" method="post" action="${action}"${options.confirm ? html` data-confirm="${options.confirm}"` : ''}>${csrfField(session)}${
    Object.entries(options.fields ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)
  }<button type="submit"${options.cls ? html` class="${options.cls}"` : ''}>${label}</button></form>`;
}

export const badge = (text: string) => html`<span class="badge ${text}">${text}</span>`;

export const when = (date: Date | null | undefined) => (date ? html`<time datetime="${date.toISOString()}">${formatUtc(date)}</time>` : html`<span class="muted">–</span>`);

export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function duration(start: Date | null | undefined, end: Date | null | undefined): string {
  if (!start || !end) return '–';
  const s = Math.max(0, Math.round((end.getTime() - start.getTime()) / 1000));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const NOTICE_COOKIE = 'plentygate_notice';

/** Remembers what an action did for the page the browser is redirected to (post/redirect/get). */
export function redirectWithNotice(c: Context, to: string, text: string, error = false): Response {
  const value = encodeURIComponent(JSON.stringify({ text: text.slice(0, 500), error }));
  c.header('set-cookie', `${NOTICE_COOKIE}=${value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=60`, { append: true });
  return c.redirect(to, 303);
}

function takeNotice(c: Context): { text: string; error?: boolean } | undefined {
  const match = new RegExp(`(?:^|;\\s*)${NOTICE_COOKIE}=([^;]+)`).exec(c.req.header('cookie') ?? '');
  if (!match) return undefined;
  c.header('set-cookie', `${NOTICE_COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0`, { append: true });
  try {
    const parsed = JSON.parse(decodeURIComponent(match[1]!)) as { text?: unknown; error?: unknown };
    return typeof parsed.text === 'string' ? { text: parsed.text, error: parsed.error === true } : undefined;
  } catch {
    return undefined;
  }
}
