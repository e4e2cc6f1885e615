import { ApiError } from '../connectors/errors.js';
import type { Connectors } from '../connectors/services.js';
import { describeCredential } from './schemas.js';
import type { CredentialStore } from './store.js';

export interface ConnectionTest {
  name: string;
  ok: boolean;
  /** One sentence: what answered, or what is wrong and what to do. */
  message: string;
  kind?: string;
  baseUrl?: string;
}

/**
 * `credential:test`: calls the system a stored credential names with one cheap read that needs a valid
 * login (PlentyONE: the clients, after logging in; Magento: the store views) and says in one sentence
 * whether it worked, or what is wrong (unknown credential, refused URL, unreachable host, wrong login,
 * missing permission, not the API). The connectors' client of that name is dropped first, so the test
 * uses the credential as it is stored now.
 */
export async function testConnection(deps: { credentials: CredentialStore; connectors: Connectors }, name: string): Promise<ConnectionTest> {
  let described: { kind: string; baseUrl: string };
  try {
    described = describeCredential(await deps.credentials.get(name));
  } catch (error) {
    return { name, ok: false, message: (error as Error).message };
  }
  const base = { name, kind: described.kind, baseUrl: described.baseUrl };
  deps.connectors.forget?.(name);
  try {
    if (described.kind === 'plenty') {
      const clients = await (await deps.connectors.plenty(name)).webstores();
      return { ...base, ok: true, message: `PlentyONE at ${described.baseUrl} accepted the login; ${clients.length} client(s) (webstores) readable.` };
    }
    const views = await (await deps.connectors.magento(name)).storeViews();
    return { ...base, ok: true, message: `Magento at ${described.baseUrl} accepted the token; ${views.length} store view(s) readable.` };
  } catch (error) {
    return { ...base, ok: false, message: explain(described, error) };
  }
}

function explain(c: { kind: string; baseUrl: string }, error: unknown): string {
  const system = c.kind === 'plenty' ? 'PlentyONE' : 'Magento';
  const detail = (error as Error).message;
  if (!(error instanceof ApiError)) return detail;
  switch (error.status) {
    case undefined:
      return `${system} at ${c.baseUrl} could not be reached (${detail}): check the URL, DNS and firewall.`;
    case 401:
      return c.kind === 'plenty'
        ? `PlentyONE refused the login (401): check the REST user name and password (${detail}).`
        : `Magento refused the token (401): check the integration's access token, or that the integration is active (${detail}).`;
    case 403:
      return `${system} accepted the login but refused the read (403): give the ${c.kind === 'plenty' ? 'REST user' : 'integration'} the permissions plentygate needs (${detail}).`;
    case 404:
      return `${c.baseUrl} answered 404: it does not look like the ${system} REST API; check the base URL (${detail}).`;
    default:
      return `${system} answered ${error.status}: ${detail}`;
  }
}
