import { html } from 'hono/html';
import type { RunRow } from '../../../profiles/history.js';
import type { ProfileDetails } from '../../../profiles/service.js';
import { renderConfigForm, type FormState, type JsonSchema } from '../config-form.js';
import { badge, csrfField, duration, may, notAllowed, postButton, when, type Html } from '../layout.js';
import { effectiveSchedules, nextRunsOf } from '../overview.js';
import type { CollectedData } from '../../pick-lists.js';
import type { Session } from '../session.js';

export interface ProfilePageData {
  session: Session;
  profile: ProfileDetails;
  schema: JsonSchema;
  form: FormState;
  runs: RunRow[];
  scheduleErrors?: string[];
  collected?: CollectedData | undefined;
  canCollect: boolean;
}

/** A time in the schedule's own zone, e.g. "Sat 05 Dec 2026, 03:00 Europe/Berlin". */
function inZone(date: Date, timezone: string): string {
  try {
    return `${new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date)} ${timezone}`;
  } catch {
    return date.toISOString();
  }
}

export function profileBody(d: ProfilePageData): Html {
  const p = d.profile;
  const s = d.session;
  const base = `/admin/profiles/${p.id}`;
  return html`<h1>${p.name} ${badge(p.status)}</h1>
<p class="muted">${p.typeId} · ${p.direction} · ${p.entity}${p.implemented ? '' : ' · its sync is not built in this version'}</p>
${p.missing.length ? html`<div class="notice error" data-missing><strong>Still missing before it can run:</strong><ul>${p.missing.map((m) => html`<li>${m}</li>`)}</ul></div>` : ''}
<div class="actions">
  ${postButton(s, `${base}/test`, 'Test')}
  ${postButton(s, `${base}/enable`, 'Enable', { cls: 'primary' })}
  ${postButton(s, `${base}/disable`, 'Disable', { cls: 'danger' })}
  <a class="button" href="${base}/export">Export config</a>
</div>

<h2>Run now</h2>
${may(s, `${base}/run`) ? html`<form method="post" action="${base}/run" class="filters" data-form="run">${csrfField(s)}
  <label>Mode <select name="mode"><option value="delta">delta (changes since the last run)</option><option value="full">full (everything)</option><option value="ids">ids (named records)</option></select></label>
  <label data-ids-row>Keys (SKUs, order numbers, variation ids; one a line or comma-separated)<textarea name="ids" rows="2" cols="40"></textarea></label>
  <button type="submit" class="primary">Run</button>
</form>` : html`<p>${notAllowed(s, `${base}/run`)}</p>`}

<h2>Recent runs</h2>
${runTable(d.runs)}
<p><a href="/admin/runs?profile=${p.id}">All runs of this profile</a></p>

<h2>Schedules</h2>
${schedulesSection(d)}

<h2 id="collected">Values in the connected systems</h2>
${collectedSection(d)}

<h2>Configuration</h2>
<form method="post" action="${base}/config" data-form="config">${csrfField(s)}
${(d.form.errors?.[''] ?? []).map((e) => html`<div class="notice error" role="alert">${e}</div>`)}
<fieldset><legend>Name</legend><div class="field"><label for="f-name">Name</label><div><input type="text" id="f-name" name="name" value="${p.name}" size="40"></div></div></fieldset>
${renderConfigForm(d.schema, d.form)}
<div class="actions">${may(s, `${base}/config`) ? html`<button type="submit" class="primary">Save configuration</button><span class="small muted">Validated by the profile type's schema; a tested profile must be tested again after a change.</span>` : notAllowed(s, `${base}/config`)}</div>
</form>

${may(s, '/admin/profiles/import') ? html`<h2>Import a configuration</h2>
<form method="post" action="/admin/profiles/import" enctype="multipart/form-data" data-form="import">${csrfField(s)}
<p class="small muted">A document written by "Export config" or <code>plentygate profile:config:export</code>: its typeId picks the profile.</p>
<div class="actions"><input type="file" name="file" accept="application/json,.json"><span class="muted">or paste it:</span></div>
<textarea name="document" rows="4" placeholder='{"typeId": "${p.typeId}", "config": {…}, "schedules": […]}'></textarea>
<div class="actions"><button type="submit">Import</button></div></form>` : ''}
<p><a href="/admin/audit?target=${encodeURIComponent(`profile ${p.id} `)}">Changes to this profile (audit log)</a></p>`;
}

function collectedSection(d: ProfilePageData): Html {
  const data = d.collected;
  return html`<div class="actions">${d.canCollect ? postButton(d.session, `/admin/profiles/${d.profile.id}/collect`, 'Collect configuration data') : html`<span class="muted">This process has no connections to collect from.</span>`}
<span class="small muted">${data ? html`Collected ${when(data.at)} through the credentials the profile's <code>connection</code> names; the fields below offer these values.` : 'Reads order statuses, payment methods, shipping profiles, referrers, warehouses, clients, sales prices, properties, attributes and carriers from PlentyONE, and store views, their languages and MSI sources from Magento, so the fields below can offer them.'}</span></div>
${data ? html`<div class="cards" data-collected>${data.lists.map((l) => html`<div class="card" id="pl-${l.key}-ref" data-list="${l.key}"><div class="label">${l.label}</div>
${l.error ? html`<div class="small field-error">${l.error}</div>` : html`<ul class="small">${l.options.map((o) => html`<li><code>${o.value}</code> ${o.label.replace(`${o.value} · `, '').replace(o.value, '')}</li>`)}</ul>`}
<datalist id="pl-${l.key}">${l.options.map((o) => html`<option value="${o.value}">${o.label}</option>`)}</datalist></div>`)}</div>` : ''}`;
}

function schedulesSection(d: ProfilePageData): Html {
  const p = d.profile;
  const all = effectiveSchedules(p);
  const rows = [...p.schedules, { cron: '', timezone: 'UTC', mode: 'delta' as const, enabled: true }];
  return html`${all.length ? html`<table data-table="next-runs"><thead><tr><th>Schedule</th><th>Mode</th><th>Next runs (in the schedule's time zone)</th></tr></thead><tbody>${all.map((sch) => html`<tr>
  <td><code>${sch.cron}</code> ${sch.timezone}${sch.window ? ` · only ${sch.window.start}–${sch.window.end}` : ''}${'source' in sch && sch.source === 'fullRun' ? html` <span class="small muted">(from the fullRun setting)</span>` : ''}${sch.enabled ? '' : html` ${badge('disabled')}`}</td>
  <td>${sch.mode}</td><td>${p.status === 'active' ? '' : html`<span class="small muted">runs only while the profile is active · </span>`}${nextRunsOf(sch, 3).map((t) => inZone(t, sch.timezone)).join(' · ') || '–'}</td></tr>`)}</tbody></table>` : html`<p class="muted">No schedules: the profile runs on events and when started by hand.</p>`}
<form method="post" action="/admin/profiles/${p.id}/schedules" data-form="schedules">${csrfField(d.session)}
${(d.scheduleErrors ?? []).map((e) => html`<div class="notice error" role="alert">${e}</div>`)}
<table><thead><tr><th>Cron</th><th>Time zone</th><th>Mode</th><th>Window (local)</th><th>On</th><th>Remove</th></tr></thead><tbody>
${rows.map((sch, i) => html`<tr>
  <td><input type="text" name="s${i}.cron" value="${sch.cron}" placeholder="*/15 * * * *" size="16"></td>
  <td><input type="text" name="s${i}.timezone" value="${sch.timezone}" size="16"></td>
  <td><select name="s${i}.mode">${['delta', 'full'].map((m) => html`<option${m === sch.mode ? html` selected` : ''}>${m}</option>`)}</select></td>
  <td><input type="text" name="s${i}.windowStart" value="${sch.window?.start ?? ''}" placeholder="22:00" size="5"> – <input type="text" name="s${i}.windowEnd" value="${sch.window?.end ?? ''}" placeholder="06:00" size="5"></td>
  <td><input type="checkbox" name="s${i}.enabled" value="true"${sch.enabled ? html` checked` : ''}></td>
  <td>${sch.cron ? html`<input type="checkbox" name="s${i}.remove" value="true">` : html`<span class="small muted">new</span>`}</td></tr>`)}
</tbody></table><input type="hidden" name="count" value="${rows.length}">
<div class="actions">${may(d.session, `/admin/profiles/${p.id}/schedules`) ? html`<button type="submit">Save schedules</button><span class="small muted">Fill the last row to add one.</span>` : notAllowed(d.session, `/admin/profiles/${p.id}/schedules`)}</div></form>`;
}

export function runTable(runs: RunRow[], names?: Map<number, string>): Html {
  if (runs.length === 0) return html`<p class="muted">No runs.</p>`;
  return html`<table data-table="runs"><thead><tr><th>Run</th>${names ? html`<th>Profile</th>` : ''}<th>Status</th><th>Trigger</th><th>Mode</th><th>Started</th><th>Took</th>
<th class="num">Processed</th><th class="num">Created</th><th class="num">Updated</th><th class="num">Skipped</th><th class="num">Failed</th></tr></thead><tbody>
${runs.map((r) => html`<tr data-run="${r.id}"><td><a href="/admin/runs/${r.id}">#${r.id}</a></td>${names ? html`<td><a href="/admin/profiles/${r.profileId}">${names.get(r.profileId) ?? r.profileId}</a></td>` : ''}
<td>${badge(r.status)}</td><td>${r.trigger}</td><td>${r.mode}</td><td>${when(r.startedAt)}</td><td>${r.status === 'running' ? 'running' : duration(r.startedAt, r.finishedAt)}</td>
<td class="num">${r.processed}</td><td class="num">${r.created}</td><td class="num">${r.updated}</td><td class="num">${r.skipped}</td><td class="num">${r.failed}</td></tr>`)}
</tbody></table>`;
}
