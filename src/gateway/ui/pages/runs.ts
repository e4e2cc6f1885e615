import { html } from 'hono/html';
import type { RunMessage, RunRow } from '../../../profiles/history.js';
import type { ProfileRow } from '../../../profiles/service.js';
import { badge, duration, postButton, when, type Html } from '../layout.js';
import type { Session } from '../session.js';
import { runTable } from './profile.js';

export interface RunFilterValues { profile?: string; status?: string; trigger?: string; from?: string; to?: string }

const statuses = ['running', 'completed', 'partial', 'failed', 'paused'];
const triggers = ['manual', 'cron', 'event'];

const select = (name: string, current: string | undefined, options: [string, string][]) => html`<select name="${name}"><option value="">any</option>${
  options.map(([v, l]) => html`<option value="${v}"${v === current ? html` selected` : ''}>${l}</option>`)}</select>`;

export function runsBody(o: { runs: RunRow[]; profiles: ProfileRow[]; filters: RunFilterValues; nextPage?: string | undefined }): Html {
  const names = new Map(o.profiles.map((p) => [p.id, p.name]));
  const f = o.filters;
  return html`<h1>Runs</h1>
<form method="get" action="/admin/runs" class="filters" data-form="run-filters">
  <label>Profile ${select('profile', f.profile, o.profiles.map((p) => [String(p.id), p.name]))}</label>
  <label>Status ${select('status', f.status, statuses.map((s) => [s, s]))}</label>
  <label>Trigger ${select('trigger', f.trigger, triggers.map((t) => [t, t]))}</label>
  <label>From (UTC) <input type="date" name="from" value="${f.from ?? ''}"></label>
  <label>To (UTC, inclusive) <input type="date" name="to" value="${f.to ?? ''}"></label>
  <button type="submit">Filter</button> <a href="/admin/runs">Clear</a>
</form>
${runTable(o.runs, names)}
${o.nextPage ? html`<p><a href="${o.nextPage}">Older runs →</a></p>` : ''}`;
}

/** The command that runs the same again from a shell (`--queue` hands it to the running workers). */
export function rerunCommand(run: RunRow): string {
  const params = run.params as { ids?: unknown; since?: unknown };
  const base = `plentygate profile:run --id ${run.profileId} --queue`;
  if (run.mode === 'ids' && Array.isArray(params.ids)) return `${base} --ids ${params.ids.map(String).join(',')}`;
  if (run.mode === 'full') return `${base} --full`;
  if (typeof params.since === 'string') return `${base} --since ${params.since}`;
  return base;
}

export function runBody(o: { session: Session; run: RunRow; profile: ProfileRow; messages: RunMessage[]; finishing?: boolean }): Html {
  const r = o.run;
  // Followed live while it runs, and while a paused run's worker finishes its last batch.
  const live = r.status === 'running' || Boolean(o.finishing);
  const failedKeys = [...new Set(o.messages.filter((m) => m.level === 'error' && m.recordKey).map((m) => m.recordKey!))];
  return html`<h1>Run #${r.id} <span data-run-status class="badge ${r.status}">${r.status}</span></h1>
<p><a href="/admin/profiles/${o.profile.id}">${o.profile.name}</a> · ${r.trigger} · ${r.mode} · started ${when(r.startedAt)}${r.finishedAt ? html` · took ${duration(r.startedAt, r.finishedAt)}` : ''}${r.jobId ? html` · job <code>${r.jobId}</code>` : ''}</p>
<div ${live ? html`data-run-progress="/admin/runs/${r.id}/progress"` : html`data-run-final`}>
${live || r.total ? html`<progress data-run-bar max="${r.total ?? 1}" value="${r.total ? r.processed : 0}"></progress>` : ''}
<div class="cards">${(['processed', 'created', 'updated', 'skipped', 'failed', 'total'] as const).map((k) => html`<div class="card"><div class="label">${k}</div><div class="value" data-count="${k}">${r[k] ?? '–'}</div></div>`)}</div>
</div>
<div class="actions">
  ${r.status === 'running' ? postButton(o.session, `/admin/runs/${r.id}/pause`, 'Pause after this batch') : ''}
  ${o.finishing ? html`<span class="muted" data-finishing>Pausing: the current batch is being finished; Resume appears when it is done.</span>` : ''}
  ${(r.status === 'paused' && !o.finishing) || r.status === 'failed' ? postButton(o.session, `/admin/runs/${r.id}/resume`, 'Resume', { cls: 'primary' }) : ''}
</div>
${r.error ? html`<div class="notice error">${r.error}</div>` : ''}
<h2>Run it again from a shell</h2>
<code class="cli" data-cli>${rerunCommand(r)}</code>
${r.status === 'paused' || r.status === 'failed' ? html`<p class="small muted">Continue this run from where it stopped: <code>plentygate profile:resume --run ${r.id} --queue</code></p>` : ''}
${failedKeys.length ? html`<p class="small muted">Only the records that failed: <code>plentygate profile:run --id ${r.profileId} --queue --ids ${failedKeys.slice(0, 200).join(',')}</code></p>` : ''}
<h2>Messages</h2>
${o.messages.length ? html`<table data-table="messages"><thead><tr><th>Level</th><th>Record</th><th>Message</th><th>At</th></tr></thead><tbody>${o.messages.map((m) => html`<tr>
<td><span class="badge ${m.level === 'error' ? 'failed' : m.level === 'warn' ? 'partial' : ''}">${m.level}</span></td>
<td>${m.recordKey ?? ''}</td><td>${m.message}</td><td>${when(m.createdAt)}</td></tr>`)}</tbody></table>` : html`<p class="muted">No messages.</p>`}`;
}

export function awaitJobBody(jobId: string): Html {
  return html`<h1>Run queued</h1><div data-await-job="/admin/jobs/${encodeURIComponent(jobId)}">
<p>Job <code>${jobId}</code> is waiting for a worker. Its page opens as soon as the run starts; <a href="/admin/jobs/${encodeURIComponent(jobId)}">reload</a> if it does not.</p></div>`;
}
