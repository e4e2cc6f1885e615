import type { Connectors } from '../../connectors/services.js';
import type { DatabaseHandle } from '../../db/client.js';
import { createLinkStore } from '../../profiles/links.js';
import type { ProfileService } from '../../profiles/service.js';
import type { StockImportConfig } from '../../profiles/types/plenty_stock_import/config.js';
import { checkOrders } from './orders.js';
import type { CheckResult, IntegrityCheck, IntegrityFix, IntegrityReport } from './schema.js';
import { checkStock } from './stock.js';
import { checkVariations } from './variations.js';

export interface IntegrityOptions {
  checks?: readonly IntegrityCheck[];
  /** Orders created in the last this many days are compared (default 7). */
  days?: number;
  /** Stock differences up to this many units are not drift (default 0). */
  tolerance?: number;
  signal?: AbortSignal;
}

export interface IntegrityDeps {
  db: DatabaseHandle;
  profiles: ProfileService;
  connectors: Connectors;
}

// Orders this young may still be on their way (settling period, queue): they are left to the next report.
const IN_FLIGHT_MS = 15 * 60_000;

/** Which connection a profile type uses, from its (stored, validated) config. */
async function profileOf(profiles: ProfileService, typeId: string, ready: boolean): Promise<{ config: Record<string, unknown>; connection: { plenty: string; magento: string } } | string> {
  const details = await profiles.get(typeId).catch(() => undefined);
  if (!details) return `the ${typeId} profile does not exist`;
  if (ready && details.missing.length) return `the ${typeId} profile is not configured (${details.missing.join('; ')})`;
  const config = details.config as { connection?: { plenty?: string; magento?: string } };
  return { config: details.config, connection: { plenty: config.connection?.plenty ?? 'plenty', magento: config.connection?.magento ?? 'magento' } };
}

/**
 * The integrity report: orders in Magento that PlentyONE lacks (or totals differently), SKUs whose
 * variation differs from the link, and stock that drifted from what the stock import would write. A
 * check whose profile is not configured, or whose systems cannot be reached, says so and the others go on.
 */
export async function integrityReport(deps: IntegrityDeps, options: IntegrityOptions = {}): Promise<IntegrityReport> {
  const checks = new Set(options.checks ?? ['orders', 'variations', 'stock']);
  const now = Date.now();
  const since = new Date(now - (options.days ?? 7) * 86_400_000);
  const links = createLinkStore(deps.db.db);
  const report: IntegrityReport = { generatedAt: new Date(now).toISOString(), since: since.toISOString() };
  const guarded = async (
    typeId: string, run: (p: { config: Record<string, unknown>; connection: { plenty: string; magento: string } }) => Promise<CheckResult>, ready = true,
  ): Promise<CheckResult> => {
    const profile = await profileOf(deps.profiles, typeId, ready);
    if (typeof profile === 'string') return { checked: 0, issues: [], skipped: profile };
    try {
      return await run(profile);
    } catch (error) {
      return { checked: 0, issues: [], skipped: `the check failed: ${(error as Error).message}` };
    }
  };
  if (checks.has('orders')) {
    report.orders = await guarded('plenty_order_export', async ({ connection }) => checkOrders({
      magento: await deps.connectors.magento(connection.magento), plenty: await deps.connectors.plenty(connection.plenty),
      links, since, until: new Date(now - IN_FLIGHT_MS), ...(options.signal ? { signal: options.signal } : {}),
    }));
  }
  if (checks.has('variations')) {
    report.variations = await guarded('plenty_item_export', async ({ connection }) => checkVariations({
      plenty: await deps.connectors.plenty(connection.plenty), links, db: deps.db, ...(options.signal ? { signal: options.signal } : {}),
    }), false); // the links it checks are written by the stock import too: only the item export's connection is used
  }
  if (checks.has('stock')) {
    report.stock = await guarded('plenty_stock_import', async ({ config, connection }) => checkStock({
      magento: await deps.connectors.magento(connection.magento), plenty: await deps.connectors.plenty(connection.plenty),
      db: deps.db, config: config as StockImportConfig, tolerance: options.tolerance ?? 0, ...(options.signal ? { signal: options.signal } : {}),
    }));
  }
  return report;
}

export function issuesOf(report: IntegrityReport) {
  return [...(report.orders?.issues ?? []), ...(report.variations?.issues ?? []), ...(report.stock?.issues ?? [])];
}

/** The fix: one queued `ids` run per profile, naming the records of its issues (the workers run them). */
export async function fixIntegrity(profiles: ProfileService, report: IntegrityReport): Promise<IntegrityFix> {
  const byProfile = new Map<string, Set<string>>();
  for (const issue of issuesOf(report)) {
    const ids = byProfile.get(issue.fix.profile) ?? new Set<string>();
    byProfile.set(issue.fix.profile, ids.add(issue.fix.id));
  }
  const queued: IntegrityFix = [];
  for (const [profile, ids] of byProfile) {
    const job = await profiles.requestRun(profile, { trigger: 'manual', input: { mode: 'ids', ids: [...ids] } });
    queued.push({ profile, ids: [...ids], jobId: job.jobId });
  }
  return queued;
}
