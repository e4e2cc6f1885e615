import type { AuditLog } from '../access/audit.js';
import { SECRET_MARK } from '../access/audit.js';
import type { Principal } from '../access/principal.js';
import type { Connectors } from '../connectors/services.js';
import { testConnection, type ConnectionTest } from './connection-test.js';
import { describeCredential, type Credential } from './schemas.js';
import type { CredentialStore } from './store.js';

export interface CredentialView {
  name: string;
  kind: string;
  baseUrl: string;
  identity: string;
  updatedAt: Date;
}

/**
 * What the admin API, the app and the CLI do with credentials: list them without secrets, store one,
 * delete one, test its connection. Every change goes to the audit log naming the fields that changed;
 * a secret is logged as "[secret]" changed, never its value.
 */
export function credentialAdmin(deps: { store: CredentialStore; connectors?: Connectors | undefined; audit: AuditLog }) {
  const { store, audit } = deps;
  return {
    async list(): Promise<CredentialView[]> {
      return (await store.list()).map((r) => ({ name: r.name, ...describeCredential(r.credential), updatedAt: r.updatedAt }));
    },

    async set(who: Principal, name: string, input: unknown): Promise<CredentialView> {
      if (!/^[\w.-]{1,64}$/.test(name)) throw Object.assign(new Error('A credential name is 1 to 64 letters, digits or . _ -.'), { status: 422 });
      const before = await store.get(name).catch(() => undefined);
      const stored = await store.set(name, input);
      deps.connectors?.forget?.(name);
      await audit.record(who, 'credential.set', `credential ${name}`, credentialChanges(before, stored));
      const row = (await store.list()).find((r) => r.name === name)!;
      return { name, ...describeCredential(stored), updatedAt: row.updatedAt };
    },

    async remove(who: Principal, name: string): Promise<boolean> {
      const before = await store.get(name).catch(() => undefined);
      const removed = await store.remove(name);
      deps.connectors?.forget?.(name);
      if (removed) await audit.record(who, 'credential.delete', `credential ${name}`, before ? credentialChanges(before, undefined) : []);
      return removed;
    },

    async test(name: string): Promise<ConnectionTest> {
      if (!deps.connectors) return { name, ok: false, message: 'This process has no connections to PlentyONE and Magento.' };
      return testConnection({ credentials: store, connectors: deps.connectors }, name);
    },
  };
}

export type CredentialAdmin = ReturnType<typeof credentialAdmin>;

/** kind, baseUrl and identity by value; the secret part as changed or not, never its value. */
function credentialChanges(before: Credential | undefined, after: Credential | undefined) {
  const shown = (c: Credential | undefined) => (c ? describeCredential(c) : undefined);
  const secretOf = (c: Credential | undefined) => (c ? JSON.stringify(c.kind === 'plenty' ? c.password : c.auth) : undefined);
  const changes: { path: string; from?: unknown; to?: unknown }[] = [];
  for (const key of ['kind', 'baseUrl', 'identity'] as const) {
    const from = shown(before)?.[key];
    const to = shown(after)?.[key];
    if (from !== to) changes.push({ path: key, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
  }
  if (secretOf(before) !== secretOf(after)) {
    changes.push({ path: 'secret', ...(before ? { from: SECRET_MARK } : {}), ...(after ? { to: SECRET_MARK } : {}) });
  }
  return changes;
}
