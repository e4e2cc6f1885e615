import { html } from 'hono/html';
import type { LinkView } from '../../../profiles/link-admin.js';
import { linkEntities, type LinkEntity } from '../../../profiles/link-entities.js';
import { csrfField, may, notAllowed, postButton, when, type Html } from '../layout.js';
import type { Session } from '../session.js';

export interface LinksPageData {
  session: Session;
  entity: LinkEntity;
  magento: string;
  plenty: string;
  links: LinkView[];
  limit: number;
  error?: string | undefined;
}

/** Entity links: which Magento record is which PlentyONE record; search, map by hand, unmap. */
export function linksBody(d: LinksPageData): Html {
  const s = d.session;
  const mapAction = `/admin/links/${d.entity}/map`;
  return html`<h1>Entity links</h1>
<p class="muted">A link says which PlentyONE record a Magento record is (and the other way round); runs update linked records instead of creating new ones. Unmapping a link leaves both records alone: the next run finds or creates the counterpart again.</p>
<form method="get" action="/admin/links" class="filters" data-form="link-search">
  <label>Entity <select name="entity">${linkEntities.map((e) => html`<option${e === d.entity ? html` selected` : ''}>${e}</option>`)}</select></label>
  <label>Magento key <input type="text" name="magento" value="${d.magento}" placeholder="SKU, increment id, category id"></label>
  <label>PlentyONE id <input type="text" name="plenty" value="${d.plenty}" inputmode="numeric"></label>
  <button type="submit">Search</button></form>
${d.error ? html`<div class="notice error" role="alert">${d.error}</div>` : ''}
${d.links.length ? html`<table data-table="links"><thead><tr><th>Magento key</th><th>PlentyONE id</th><th>Last written</th><th></th></tr></thead><tbody>
${d.links.map((l) => html`<tr data-link="${l.magentoKey}"><td><code>${l.magentoKey}</code></td><td><code>${l.plentyId}</code></td><td>${l.lastWrittenAt ? when(new Date(l.lastWrittenAt)) : when(null)}</td>
<td>${postButton(s, `/admin/links/${d.entity}/unmap`, 'Unmap', { cls: 'danger', confirm: `Unmap ${d.entity} ${l.magentoKey} ↔ ${l.plentyId}?`, fields: { magento: l.magentoKey } })}</td></tr>`)}
</tbody></table>${d.links.length >= d.limit ? html`<p class="small muted">The first ${d.limit} links; narrow the search to see others.</p>` : ''}` : html`<p class="muted">No ${d.entity} links${d.magento || d.plenty ? ' match' : ' yet'}.</p>`}
<h2>Map by hand</h2>
${may(s, mapAction) ? html`<form method="post" action="${mapAction}" class="filters" data-form="link-map">${csrfField(s)}
  <label>Magento key <input type="text" name="magento" required></label>
  <label>PlentyONE id <input type="text" name="plenty" required inputmode="numeric" pattern="[0-9]+"></label>
  <button type="submit" class="primary">Map ${d.entity}</button>
  <span class="small muted">Refused when the PlentyONE record is linked to another Magento record already.</span></form>` : html`<p>${notAllowed(s, mapAction)}</p>`}`;
}
