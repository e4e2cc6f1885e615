import { html } from 'hono/html';
import { badge, duration, when, type Html } from '../layout.js';
import type { Overview } from '../overview.js';

const lagText = (s: number) => (s < 1 ? 'none' : s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);

/** Every profile at a glance, and the health of what feeds them (inbox, queue, dead letters). */
export function dashboardBody(o: Overview): Html {
  const q = o.queue;
  const inbox = o.inbox;
  return html`<h1>Dashboard</h1>
<div class="cards">
  <div class="card" data-card="queue"><div class="label">Queue</div><div class="value">${q.up ? badge('ok') : badge('down')}</div>
    <div class="small muted">${q.up ? `${q.counts.waiting} waiting · ${q.counts.active} active · ${q.counts.delayed} delayed` : q.error}</div></div>
  <div class="card" data-card="dead"><div class="label">Dead letters</div><div class="value">${q.up ? html`<a href="/admin/dead-letters">${q.counts.dead}</a>` : '?'}</div>
    <div class="small muted">jobs that failed for good</div></div>
  <div class="card" data-card="inbox"><div class="label">Inbox lag</div><div class="value">${'error' in inbox ? '?' : lagText(inbox.oldestAgeS)}</div>
    <div class="small muted">${'error' in inbox ? inbox.error : html`${inbox.pending} pending · <a href="/admin/inbox?status=failed">${inbox.counts.failed} failed</a>`}</div></div>
</div>
<h2>Profiles</h2>
<table data-table="profiles"><thead><tr><th>Profile</th><th>Status</th><th>Last run</th><th class="num">Processed</th><th class="num">Written</th><th class="num">Failed</th><th>Took</th><th>Next run</th><th class="num">Errors 24 h</th></tr></thead>
<tbody>${o.profiles.map(({ profile: p, lastRun: r, nextRun, errors24h: e }) => html`<tr data-profile="${p.typeId}">
  <td><a href="/admin/profiles/${p.id}">${p.name}</a><div class="small muted">${p.typeId}</div></td>
  <td>${badge(p.status)}${p.implemented ? '' : html` <span class="small muted">not built yet</span>`}</td>
  <td>${r ? html`<a href="/admin/runs/${r.id}">${badge(r.status)}</a> ${when(r.startedAt)}<div class="small muted">${r.trigger} · ${r.mode}</div>` : html`<span class="muted">never</span>`}</td>
  <td class="num">${r?.processed ?? ''}</td><td class="num">${r ? r.created + r.updated : ''}</td><td class="num">${r?.failed ?? ''}</td>
  <td>${r ? (r.status === 'running' ? 'running' : duration(r.startedAt, r.finishedAt)) : ''}</td>
  <td>${nextRun ? when(nextRun) : html`<span class="muted">${p.status === 'active' ? 'no schedule' : 'not active'}</span>`}</td>
  <td class="num">${e.failedRuns || e.failedRecords ? html`<a href="/admin/runs?profile=${p.id}&status=failed">${e.failedRuns} runs · ${e.failedRecords} records</a>` : '0'}</td>
</tr>`)}</tbody></table>`;
}
