import { and, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { auditLog } from '../db/schema/index.js';
import type { Principal } from './principal.js';

export interface AuditChange {
  path: string;
  from?: unknown;
  to?: unknown;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  role: string;
  via: string;
  action: string;
  target: string;
  changes: AuditChange[];
}

export interface AuditFilter {
  /** Prefix of the target, e.g. "profile 3" or "credential". */
  target?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  since?: Date | undefined;
  before?: Date | undefined;
  limit?: number | undefined;
}

/** Keys whose values are never written to the log, whatever object they sit in. */
const SECRET_KEY = /pass(word)?|secret|token|api_?key|sign_?key|private|credential_?value/i;
export const SECRET_MARK = '[secret]';

/**
 * The fields that differ between two JSON values, as dot paths with the old and new value. A secret
 * (by its key) is shown as changed without either value. Arrays are compared whole (a mapping table
 * is one change, not one per row).
 */
export function diffValues(before: unknown, after: unknown, path = '', secret = false): AuditChange[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffValues(before[k], after[k], path ? `${path}.${k}` : k, secret || SECRET_KEY.test(k)));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (secret) return [{ path: path || '(value)', from: before === undefined ? undefined : SECRET_MARK, to: after === undefined ? undefined : SECRET_MARK }];
  return [{ path: path || '(value)', ...(before === undefined ? {} : { from: redact(before) }), ...(after === undefined ? {} : { to: redact(after) }) }];
}

/** A value with every secret-named field replaced (for a created or deleted object). */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? SECRET_MARK : redact(v)]));
  }
  return value;
}

/** The audit log: written by every change made through the API, the app or the CLI; read by both. */
export function createAuditLog(db: Database) {
  return {
    async record(who: Principal, action: string, target: string, changes: AuditChange[] = []): Promise<void> {
      await db.insert(auditLog).values({ actor: who.name, role: who.role, via: who.via, action, target, changes });
    },

    async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
      const where: SQL[] = [];
      if (filter.target) where.push(like(auditLog.target, `${filter.target.replace(/[\\%_]/g, '\\$&')}%`));
      if (filter.action) where.push(eq(auditLog.action, filter.action));
      if (filter.actor) where.push(eq(auditLog.actor, filter.actor));
      if (filter.since) where.push(gte(auditLog.at, filter.since));
      if (filter.before) where.push(lt(auditLog.at, filter.before));
      const rows = await db.select().from(auditLog).where(where.length ? and(...where) : undefined)
        .orderBy(desc(auditLog.at), desc(auditLog.id)).limit(filter.limit ?? 100);
      return rows.map((r) => ({ ...r, changes: (r.changes ?? []) as AuditChange[] }));
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
