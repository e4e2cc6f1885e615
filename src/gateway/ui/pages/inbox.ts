import { html } from 'hono/html';
import type { JobInfo } from '../../../queue/port.js';
import type { InboxRow } from '../../inbox/store.js';
import { badge, csrfField, postButton, when, type Html, may } from '../layout.js';
import type { Session } from '../session.js';

export interface InboxFilterValues { status?: string; source?: string; entity?: string; key?: string }

const select = (name: string, current: string | undefined, options: string[]) => html`<select name="${name}"><option value="">any</option>${
  options.map((v) => html`<option${v === current ? html` selected` : ''}>${v}</option>`)}</select>`;

export function inboxBody(o: { rows: InboxRow[]; filters: InboxFilterValues; scanned: number; nextPage?: string | undefined }): Html {
  const f = o.filters;
  return html`<h1>Inbox</h1>
<form method="get" action="/admin/inbox" class="filters" data-form="inbox-filters">
  <label>Source ${select('source', f.source, ['magento', 'plenty'])}</label>
  <label>Status ${select('status', f.status, ['pending', 'dispatched', 'ignored', 'failed'])}</label>
  <label>Entity <input type="text" name="entity" value="${f.entity ?? ''}" placeholder="order" size="10"></label>
  <label>Key <input type="text" name="key" value="${f.key ?? ''}" placeholder="000000123" size="14"></label>
  <button type="submit">Search</button> <a href="/admin/inbox">Clear</a>
</form>
${f.entity || f.key ? html`<p class="small muted">Entity and key are looked for among the ${o.scanned} newest rows matching source and status.</p>` : ''}
${o.rows.length ? html`<table data-table="inbox"><thead><tr><th>Id</th><th>Received</th><th>Source</th><th>Format</th><th>Event</th><th>Status</th><th>Note / error</th></tr></thead><tbody>
${o.rows.map((r) => html`<tr data-inbox="${r.id}"><td><a href="/admin/inbox/${r.id}">${r.id}</a></td><td>${when(r.receivedAt)}</td><td>${r.source}</td><td>${r.format}</td>
<td>${r.event ? html`${r.event.entity}.${r.event.kind} <span class="small muted">${r.event.keys.slice(0, 5).join(', ')}${r.event.keys.length > 5 ? ` +${r.event.keys.length - 5}` : ''}</span>` : html`<span class="muted">none</span>`}</td>
<td>${badge(r.status)}</td><td class="small">${r.lastError ?? r.note ?? ''}</td></tr>`)}</tbody></table>` : html`<p class="muted">No rows.</p>`}
${o.nextPage ? html`<p><a href="${o.nextPage}">Older rows →</a></p>` : ''}`;
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function inboxRowBody(o: { session: Session; row: InboxRow }): Html {
  const r = o.row;
  return html`<h1>Inbox row ${r.id} ${badge(r.status)}</h1>
<p>${r.source} · ${r.format} · received ${when(r.receivedAt)}${r.dispatchedAt ? html` · dispatched ${when(r.dispatchedAt)}` : ''} · attempts ${r.attempts}</p>
${r.lastError ? html`<div class="notice error">${r.lastError}</div>` : ''}${r.note ? html`<p class="muted">${r.note}</p>` : ''}
<div class="actions">${r.event ? postButton(o.session, `/admin/inbox/${r.id}/replay`, 'Replay (dispatch again)', { cls: 'primary' }) : html`<span class="muted">It names no event, so there is nothing to replay.</span>`}</div>
<h2>Event</h2><pre>${r.event ? JSON.stringify(r.event, null, 2) : '(none)'}</pre>
<h2>Body as stored</h2><pre data-body>${prettyBody(r.body)}</pre>
<h2>Headers</h2><pre>${JSON.stringify(r.headers, null, 2)}</pre>
${r.jobs ? html`<h2>Jobs</h2><pre>${JSON.stringify(r.jobs, null, 2)}</pre>` : ''}`;
}

export function deadLettersBody(o: { session: Session; jobs: JobInfo[]; total: number }): Html {
  const s = o.session;
  return html`<h1>Dead letters</h1>
<p class="muted">Jobs that used up their attempts or failed for good, with their data and last error. Replaying one puts it back in the queue with fresh attempts (fix the cause first).</p>
<div class="actions">
  ${o.jobs.length ? postButton(s, '/admin/dead-letters/replay', `Replay all (${o.total})`, { confirm: `Replay all ${o.total} dead jobs?`, cls: 'primary', fields: { scope: 'all' } }) : ''}
</div>
${may(s, '/admin/dead-letters/replay') ? html`<form method="post" action="/admin/dead-letters/replay" class="filters" data-form="replay-range">${csrfField(s)}<input type="hidden" name="scope" value="range">
  <label>Failed from (UTC) <input type="datetime-local" name="from"></label><label>to (UTC) <input type="datetime-local" name="to"></label>
  <button type="submit">Replay those</button></form>` : ''}
${o.jobs.length ? html`<table data-table="dead-letters"><thead><tr><th>Job</th><th>Queue</th><th>Failed at</th><th class="num">Attempts</th><th>Last error</th><th>Data</th><th></th></tr></thead><tbody>
${o.jobs.map((j) => html`<tr data-job="${j.id}"><td><code>${j.id}</code><div class="small muted">${j.name}</div></td><td>${j.queue}</td><td>${when(j.finishedAt)}</td>
<td class="num">${j.attemptsMade}/${j.maxAttempts}</td><td class="small">${j.lastError ?? ''}</td>
<td><details><summary class="small">view</summary><pre>${JSON.stringify(j.data, null, 2)}</pre></details></td>
<td>${postButton(s, '/admin/dead-letters/replay', 'Replay', { fields: { scope: 'one', id: `${j.queue}/${j.id}` } })}</td></tr>`)}</tbody></table>` : html`<p class="muted" data-empty>No dead letters.</p>`}`;
}
