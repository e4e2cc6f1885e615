import type { Hono } from 'hono';
import type { InboxRow, InboxStatus } from '../../inbox/store.js';
import type { UiContext, UiEnv } from '../deps.js';
import { page, redirectWithNotice } from '../layout.js';
import { inboxBody, inboxRowBody, type InboxFilterValues } from '../pages/inbox.js';

const PAGE = 50;
/** Rows an entity/key search looks through (the newest matching source and status). */
const SEARCH_SCAN = 500;
const statuses: InboxStatus[] = ['pending', 'dispatched', 'ignored', 'failed'];

export function inboxRoutes(app: Hono<UiEnv>, ctx: UiContext): void {
  const { store, relay } = ctx;

  app.get('/admin/inbox', async (c) => {
    const q = c.req.query();
    const filters: InboxFilterValues = { status: q.status, source: q.source, entity: q.entity?.trim(), key: q.key?.trim() };
    const searching = Boolean(filters.entity || filters.key);
    const status = statuses.includes(q.status as InboxStatus) ? (q.status as InboxStatus) : undefined;
    const source = q.source === 'magento' || q.source === 'plenty' ? q.source : undefined;
    const beforeId = /^\d{1,15}$/.test(q.before ?? '') ? Number(q.before) : undefined;
    const scanned = await store.list({ status, source, beforeId, limit: searching ? SEARCH_SCAN : PAGE });
    const matches = (r: InboxRow) => (!filters.entity || r.event?.entity === filters.entity)
      && (!filters.key || (r.event?.keys ?? []).includes(filters.key) || r.dedupeKey === filters.key);
    const rows = searching ? scanned.filter(matches).slice(0, PAGE) : scanned;
    const next = !searching && rows.length === PAGE ? new URL(c.req.url) : undefined;
    next?.searchParams.set('before', String(rows.at(-1)!.id));
    return page(c, {
      title: 'Inbox', session: c.get('session'),
      body: inboxBody({ rows, filters, scanned: scanned.length, nextPage: next ? next.pathname + next.search : undefined }),
    });
  });

  app.get('/admin/inbox/:id{[0-9]{1,15}}', async (c) => {
    const row = await store.get(Number(c.req.param('id')));
    if (!row) return redirectWithNotice(c, '/admin/inbox', 'No inbox row with that id.', true);
    return page(c, { title: `Inbox row ${row.id}`, session: c.get('session'), body: inboxRowBody({ session: c.get('session'), row }) });
  });

  // The same as POST /api/v1/inbox/{id}/replay.
  app.post('/admin/inbox/:id{[0-9]{1,15}}/replay', async (c) => {
    const id = Number(c.req.param('id'));
    const event = await store.replay(id);
    if (!event) return redirectWithNotice(c, `/admin/inbox/${id}`, 'No inbox row with that id that names an event.', true);
    relay.notify(id, event);
    return redirectWithNotice(c, `/admin/inbox/${id}`, `Row ${id} is pending again and is being dispatched.`);
  });
}
