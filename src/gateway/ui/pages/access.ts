import { html } from 'hono/html';
import type { AuditEntry, AuditFilter } from '../../../access/audit.js';
import { roleDuties, roles } from '../../../access/roles.js';
import type { StoredToken } from '../../../access/tokens.js';
import type { ConnectionTest } from '../../../credentials/connection-test.js';
import type { CredentialView } from '../../../credentials/admin.js';
import { csrfField, may, notAllowed, postButton, when, type Html } from '../layout.js';
import type { Session } from '../session.js';

const show = (v: unknown) => (v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v));

export function auditBody(d: { session: Session; entries: AuditEntry[]; filter: AuditFilter }): Html {
  const f = d.filter;
  return html`<h1>Audit log</h1>
<p class="muted">Every change to a profile's config, schedules and status, to credentials, tokens and links: who (the token's name and role), when, through what, and the fields that changed. Secret values are never written; a changed secret shows as <code>[secret]</code>.</p>
<form method="get" action="/admin/audit" class="filters" data-form="audit-filters">
  <label>Target starts with <input type="text" name="target" value="${f.target ?? ''}" placeholder="profile 3"></label>
  <label>Action <input type="text" name="action" value="${f.action ?? ''}" placeholder="profile.config"></label>
  <label>Who <input type="text" name="actor" value="${f.actor ?? ''}"></label>
  <button type="submit">Filter</button></form>
${d.entries.length ? html`<table data-table="audit"><thead><tr><th>When</th><th>Who</th><th>Via</th><th>Action</th><th>Target</th><th>What changed</th></tr></thead><tbody>
${d.entries.map((e) => html`<tr data-audit="${e.id}"><td>${when(e.at)}</td><td>${e.actor}<div class="small muted">${e.role}</div></td><td>${e.via}</td><td><code>${e.action}</code></td><td>${e.target}</td>
<td class="small">${e.changes.length ? html`<ul>${e.changes.map((c) => html`<li><code>${c.path}</code>: ${show(c.from)} → ${show(c.to)}</li>`)}</ul>` : html`<span class="muted">nothing changed</span>`}</td></tr>`)}
</tbody></table>` : html`<p class="muted">No entries${f.target || f.action || f.actor ? ' match the filter' : ''}.</p>`}`;
}

export function credentialsBody(d: { session: Session; available: boolean; rows: CredentialView[]; test?: ConnectionTest | undefined; error?: string | undefined }): Html {
  const s = d.session;
  if (!d.available) return html`<h1>Credentials</h1><p class="notice error">This process has no credential store.</p>`;
  return html`<h1>Credentials</h1>
<p class="muted">How plentygate reaches PlentyONE and Magento; profiles name one in <code>connection.plenty</code> / <code>connection.magento</code> (default <code>plenty</code> and <code>magento</code>). Stored encrypted; passwords and tokens are never shown again.</p>
${d.test ? html`<div class="notice${d.test.ok ? '' : ' error'}" role="status" data-test-result="${d.test.ok ? 'ok' : 'failed'}"><strong>${d.test.name}:</strong> ${d.test.message}</div>` : ''}
${d.rows.length ? html`<table data-table="credentials"><thead><tr><th>Name</th><th>Kind</th><th>Base URL</th><th>Identity</th><th>Updated</th><th></th></tr></thead><tbody>
${d.rows.map((r) => html`<tr data-credential="${r.name}"><td><code>${r.name}</code></td><td>${r.kind}</td><td>${r.baseUrl}</td><td>${r.identity}</td><td>${when(r.updatedAt)}</td>
<td>${postButton(s, `/admin/credentials/${r.name}/test`, 'Test connection')} ${postButton(s, `/admin/credentials/${r.name}/delete`, 'Delete', { cls: 'danger', confirm: `Delete the credential ${r.name}? Profiles naming it stop working.` })}</td></tr>`)}
</tbody></table>` : html`<p class="muted">No credentials stored yet.</p>`}
<h2>Set a credential</h2>
${may(s, '/admin/credentials/set') ? html`<form method="post" action="/admin/credentials/set" data-form="credential">${csrfField(s)}
${d.error ? html`<div class="notice error" role="alert">${d.error}</div>` : ''}
<div class="field"><label for="c-name">Name</label><div><input type="text" id="c-name" name="name" required pattern="[A-Za-z0-9_.\\-]{1,64}" placeholder="plenty"></div></div>
<div class="field"><label for="c-kind">Kind</label><div><select id="c-kind" name="kind"><option value="plenty">PlentyONE (REST user)</option><option value="magento">Magento (integration access token)</option></select></div></div>
<div class="field"><label for="c-url">Base URL</label><div><input type="url" id="c-url" name="baseUrl" required size="50" placeholder="https://example.plentymarkets-cloud01.com"></div></div>
<div class="field"><label for="c-user">REST user (PlentyONE)</label><div><input type="text" id="c-user" name="username" autocomplete="off"></div></div>
<div class="field"><label for="c-secret">Password (PlentyONE) or access token (Magento)</label><div><input type="password" id="c-secret" name="secret" autocomplete="new-password" required></div></div>
<div class="actions"><button type="submit" class="primary">Store</button><span class="small muted">Setting an existing name replaces it. https: only (plain http: to this machine only).</span></div></form>` : html`<p>${notAllowed(s, '/admin/credentials/set')}</p>`}`;
}

export function tokensBody(d: { session: Session; tokens: StoredToken[]; created?: { name: string; role: string; token: string } | undefined; error?: string | undefined }): Html {
  const s = d.session;
  return html`<h1>Tokens</h1>
<p class="muted">Every token carries a role. ${roles.map((r) => html`<strong>${r}</strong>: ${roleDuties[r]}. `)}
Tokens of <code>PLENTYGATE_API_TOKENS</code> (<code>admin:…,operator:…,viewer:…</code>) are set in the environment; the ones below were created here or through <code>POST /api/v1/tokens</code> and are stored only as a hash.</p>
${d.created ? html`<div class="notice" role="status" data-created-token><strong>Token "${d.created.name}" (${d.created.role}) created.</strong> Copy it now: it is not shown again.<br><code data-token>${d.created.token}</code></div>` : ''}
${d.tokens.length ? html`<table data-table="tokens"><thead><tr><th>Name</th><th>Role</th><th>Created</th><th>By</th><th>Last used</th><th></th></tr></thead><tbody>
${d.tokens.map((t) => html`<tr data-token-row="${t.name}"><td>${t.name}</td><td>${t.role}</td><td>${when(t.createdAt)}</td><td>${t.createdBy}</td><td>${when(t.lastUsedAt)}</td>
<td>${postButton(s, `/admin/tokens/${t.id}/revoke`, 'Revoke', { cls: 'danger', confirm: `Revoke ${t.name}? Its sessions end at once.` })}</td></tr>`)}</tbody></table>` : html`<p class="muted">No stored tokens.</p>`}
<h2>Create a token</h2>
${may(s, '/admin/tokens') ? html`<form method="post" action="/admin/tokens" class="filters" data-form="token">${csrfField(s)}
${d.error ? html`<div class="notice error" role="alert">${d.error}</div>` : ''}
<label>Name <input type="text" name="name" required placeholder="night shift"></label>
<label>Role <select name="role">${roles.map((r) => html`<option${r === 'viewer' ? html` selected` : ''}>${r}</option>`)}</select></label>
<button type="submit" class="primary">Create</button></form>` : html`<p>${notAllowed(s, '/admin/tokens')}</p>`}`;
}
