/**
 * Dry runs: collect → transform → map → validate against the real systems, then, instead of process,
 * the type's `preview` stage (a field-level diff against the target's current state) where it has one.
 * Nothing is written to Magento or PlentyONE, and the gateway's own state (links, watermarks) is read
 * but never changed; the report is kept in the run history (params.dryRun) so `profile:test` can show it.
 */
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { profileRuns, profiles } from '../db/schema/index.js';
import { describeConfigError } from '../profiles/config/errors.js';
import { withoutRetired } from '../profiles/config/retired.js';
import { createHistory } from '../profiles/history.js';
import { createLinkStore, type LinkStore } from '../profiles/links.js';
import type { ProfileServices, RunContext, RunInput } from '../profiles/profile-type.js';
import type { ProfileRegistry } from '../profiles/registry.js';
import { createStateStore, type StateStore } from '../profiles/state.js';
import type { FieldChange } from './apply.js';
import type { RecordPreview } from './preview.js';
import { mappingStep, typeConfigOf } from './runner-step.js';
import { sharedAbort } from '../runtime/shared-abort.js';

export const DEFAULT_DRY_RUN_LIMIT = 10;
/** Per-record lines kept in the run history (the report returned holds every record examined). */
const MAX_STORED_RECORDS = 200;

export interface DryRunDeps {
  db: Database;
  registry: ProfileRegistry;
  services: ProfileServices;
  log: Logger;
  signal?: AbortSignal;
}

export interface DryRunRecord extends RecordPreview {
  /** Fields the mapping changed (before → after), whatever the preview says. */
  mapped: FieldChange[];
}

export interface DryRunReport {
  runId: number;
  profileId: number;
  typeId: string;
  input: RunInput;
  limit: number;
  /** False when the type has no preview stage: records that pass validation show as `write`, without a diff. */
  preview: boolean;
  counts: Record<DryRunRecord['action'] | 'write', number>;
  records: (DryRunRecord | (Omit<DryRunRecord, 'action'> & { action: 'write' }))[];
  /** Set when the dry run itself failed (connection, config, collect): nothing could be previewed. */
  error?: string;
  /** Records failed because the mapping could not be evaluated (an expression or a conversion error). */
  mappingErrors: number;
}

/** Link and state stores whose writes are dropped: a dry run reads the gateway's state, never changes it. */
function readOnlyLinks(links: LinkStore): LinkStore {
  return { ...links, upsert: async () => {}, upsertMany: async () => {}, remove: async () => false };
}
function readOnlyState(state: StateStore): StateStore {
  return { get: state.get, set: async () => {}, delete: async () => {} };
}

export async function dryRun(deps: DryRunDeps, profileId: number, input: RunInput, limit = DEFAULT_DRY_RUN_LIMIT): Promise<DryRunReport> {
  const { db, registry } = deps;
  const [profile] = await db.select().from(profiles).where(eq(profiles.id, profileId));
  if (!profile) throw new Error(`Profile ${profileId} does not exist`);
  const type = registry.get(profile.typeId);
  const history = createHistory(db);
  const run = await history.start(profile.id, 'manual', { ...input, dryRun: true, limit } as RunInput);
  const report: DryRunReport = {
    runId: run.id, profileId: profile.id, typeId: profile.typeId, input, limit, preview: Boolean(type.stages?.preview),
    counts: { create: 0, update: 0, unchanged: 0, skip: 0, fail: 0, write: 0 }, records: [], mappingErrors: 0,
  };
  try {
    await examine(deps, profile, report);
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
  }
  await store(db, report);
  return report;
}

async function examine(deps: DryRunDeps, profile: typeof profiles.$inferSelect, report: DryRunReport): Promise<void> {
  const type = deps.registry.get(profile.typeId);
  const stages = type.stages;
  if (!stages) throw new Error(`The profile type ${type.id} has no sync yet in this version of plentygate: there is nothing to dry-run.`);
  const stored = withoutRetired(profile.config, type.retiredSettings);
  const parsed = type.configSchema.safeParse(typeConfigOf(stored.config));
  if (!parsed.success) throw new Error(`The profile's config is invalid:\n${describeConfigError(parsed.error).join('\n')}`);
  const mapping = mappingStep(type, stored.config);
  if (mapping.problems.length) throw new Error(`The profile's config is invalid:\n${mapping.problems.join('\n')}`);

  const controller = sharedAbort();
  const onAbort = () => controller.abort(deps.signal?.reason);
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  const config = parsed.data as { batchSize?: number };
  const ctx: RunContext<unknown> = {
    profile: { id: profile.id, typeId: profile.typeId as RunContext<unknown>['profile']['typeId'], name: profile.name },
    config,
    run: { id: report.runId, trigger: 'manual', input: report.input, startedAt: new Date() },
    db: deps.db,
    links: readOnlyLinks(createLinkStore(deps.db)),
    state: readOnlyState(createStateStore(deps.db, profile.id)),
    log: deps.log.child({ profile: profile.typeId, runId: report.runId, dryRun: true }),
    signal: controller.signal,
    // Clients that refuse any write, whatever a stage tries (connectors/read-only.ts).
    services: { ...deps.services, ...(deps.services.connectors?.readOnly ? { connectors: deps.services.connectors.readOnly() } : {}) },
    dryRun: true,
  };
  const batchSize = Math.max(1, config.batchSize ?? type.defaultBatchSize);
  let batch: { key: string; raw: unknown }[] = [];
  const flush = async () => {
    const current = batch;
    batch = [];
    const valid: { key: string; record: unknown; mapped: FieldChange[] }[] = [];
    for (const { key, raw } of current) {
      try {
        const mapped = await mapping.map(raw, await stages.transform(raw, ctx));
        if (mapped.kind !== 'mapped') {
          if (mapped.kind === 'fail' && mapped.error) report.mappingErrors++;
          add(report, { key, action: mapped.kind, reason: mapped.reason, diff: [], mapped: [] });
          continue;
        }
        const problems = (await stages.validate?.(mapped.record, ctx)) ?? [];
        if (problems.length) add(report, { key, action: 'fail', reason: problems.join(' '), diff: [], mapped: mapped.changes });
        else valid.push({ key, record: mapped.record, mapped: mapped.changes });
      } catch (error) {
        add(report, { key, action: 'fail', reason: error instanceof Error ? error.message : String(error), diff: [], mapped: [] });
      }
    }
    if (valid.length === 0) return;
    if (!stages.preview) {
      for (const v of valid) add(report, { key: v.key, action: 'write', diff: [], mapped: v.mapped });
      return;
    }
    const previews = new Map((await stages.preview(valid.map(({ key, record }) => ({ key, record })), ctx)).map((p) => [p.key, p]));
    for (const v of valid) {
      const p = previews.get(v.key) ?? { key: v.key, action: 'fail' as const, reason: 'The preview stage said nothing about this record.', diff: [] };
      add(report, { ...p, mapped: v.mapped });
    }
  };
  try {
    let seen = 0;
    for await (const item of stages.collect(ctx, undefined)) {
      if (controller.signal.aborted) throw controller.signal.reason ?? new Error('dry run aborted');
      batch.push({ key: item.key, raw: item.raw });
      seen++;
      if (batch.length >= batchSize) await flush();
      if (seen >= report.limit) break;
    }
    if (batch.length) await flush();
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
  }
}

function add(report: DryRunReport, record: DryRunReport['records'][number]): void {
  report.records.push(record);
  report.counts[record.action]++;
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** One line per record for the history and the CLI: what would happen, and the fields that would change. */
export function describeRecord(r: DryRunReport['records'][number]): string {
  const verb = { create: 'would be created', update: 'would be updated', unchanged: 'unchanged: nothing to write', skip: 'would be skipped', fail: 'would fail', write: 'would be written (no preview for this type)' }[r.action];
  const diff = r.diff.map((d) => `${d.field}: ${show(d.before)} → ${show(d.after)}`);
  const mapped = r.mapped.map((c) => `${c.field}${c.language ? ` (${c.language})` : ''} := ${show(c.after)}`);
  return [
    `${verb}${r.targetId ? ` (target ${r.targetId})` : ''}${r.reason ? `: ${r.reason}` : ''}`,
    ...(diff.length ? [`changes ${diff.join('; ')}`] : []),
    ...(mapped.length ? [`mapping set ${mapped.join('; ')}`] : []),
  ].join('. ');
}

export function summarize(report: DryRunReport): string {
  if (report.error) return `Dry run failed: ${report.error}`;
  const c = report.counts;
  const parts = [`${c.create} would be created`, `${c.update} updated`, `${c.unchanged} unchanged`, `${c.skip} skipped`, `${c.fail} failed`];
  if (c.write) parts.push(`${c.write} written (no preview)`);
  return `Dry run of ${report.records.length} record(s), nothing written: ${parts.join(', ')}.`;
}

/** The report as a run of the history: counts of what was examined (nothing created or updated), one message per record. */
async function store(db: Database, report: DryRunReport): Promise<void> {
  const history = createHistory(db);
  const messages = [
    { level: report.error ? 'error' as const : 'info' as const, message: summarize(report) },
    ...report.records.slice(0, MAX_STORED_RECORDS).map((r) => ({
      level: r.action === 'fail' ? 'error' as const : 'info' as const, recordKey: r.key, message: `Dry run: ${describeRecord(r)}`,
    })),
  ];
  for (const m of messages) await history.addMessage(report.runId, m);
  await db.update(profileRuns).set({
    status: report.error ? 'failed' : report.counts.fail > 0 ? 'partial' : 'completed',
    finishedAt: new Date(),
    processed: report.records.length,
    skipped: report.counts.skip + report.counts.unchanged,
    failed: report.counts.fail,
    error: report.error ?? null,
  }).where(eq(profileRuns.id, report.runId));
}
