import { html } from 'hono/html';
import type { Html } from '../layout.js';

/** Sign-in with one of the admin API tokens (PLENTYGATE_API_TOKENS). */
export function signInBody(o: { configured: boolean; next: string; error?: string }): Html {
  if (!o.configured) {
    return html`<div class="signin"><h1>plentygate</h1><p class="notice error">The admin app is off: set PLENTYGATE_API_TOKENS to one or more comma-separated tokens and restart plentygate. Sign in with one of them.</p></div>`;
  }
  return html`<form class="signin" method="post" action="/admin/sign-in"><h1>plentygate</h1>
${o.error ? html`<div class="notice error" role="alert">${o.error}</div>` : ''}
<label for="token">Admin API token</label>
<input type="password" id="token" name="token" autocomplete="current-password" autofocus required>
<input type="hidden" name="next" value="${o.next}">
<button type="submit" class="primary">Sign in</button>
<p class="small muted">One of the tokens in PLENTYGATE_API_TOKENS (the demo prints its token). The session lasts 8 hours.</p></form>`;
}
