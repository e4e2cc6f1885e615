import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { profiles } from '../db/schema/index.js';
import { NonRetryableError } from '../queue/errors.js';
import { createHistory, type NewMessage, type RunCounts, type RunRow } from './history.js';
import { createLinkStore } from './links.js';
import type { AnyProfileType, Outcome, ProfileServices, RunContext, RunInput, RunSummary, RunTrigger } from './profile-type.js';
import type { ProfileRegistry } from './registry.js';
import { createStateStore } from './state.js';
import { describeConfigError } from './config/errors.js';
import { enterCallLog } from '../connectors/call-log.js';
import { failedRecordSettings, trackFailedRecords, withFailedRecordRetries, type FailedRecordTracker } from './failed-records.js';
import { effectiveInput } from './run-input.js';
import { retiredSettingsNote, withoutRetired } from './config/retired.js';
import type { RunAlerts } from '../alerts/alerts.js';
import { mappingStep, typeConfigOf, type MappingStep } from '../mapping/runner-step.js';
import { isSuperseded, type RunOwner } from './run-owner.js';
import { awaitOverlap } from './run-overlap.js';
import { deepFreeze } from './deep-freeze.js';
import { sharedAbort } from '../runtime/shared-abort.js';

/** What a `profiles` queue job carries. `runId` is set when the job continues an existing run. */
export interface RunRequest {
  profileId: number;
  trigger: RunTrigger;
  input: RunInput;
  runId?: number;
  /** Set when the request is queued: every attempt of its job (retry, take-over, replay) resumes one run. */
  requestId?: string;
  /**
   * The queue job carrying this request (shown in history). Jobs without `requestId` are matched by it:
   * schedule ticks, whose data is the same template every tick, and jobs queued by older versions.
   */
  jobId?: string;
}

type ProfileRow = typeof profiles.$inferSelect;

export interface RunnerDeps {
  db: Database;
  /** The profile as the caller just read it (the worker does), saving a read. */
  profile?: ProfileRow;
  /** The request's run, opened by the caller with the profile read (`history.openActive`). */
  opened?: { row: RunRow; fresh: boolean };
  registry: ProfileRegistry;
  log: Logger;
  services?: ProfileServices;
  signal?: AbortSignal;
  /** Called after every batch with the counts so far (CLI progress bar, metrics). */
  onProgress?: (progress: RunProgress) => void;
  /** Told of a failed run and of failed records (alerts). */
  alerts?: RunAlerts;
}

export interface RunProgress extends RunCounts {
  runId: number;
  total: number | undefined;
}

export interface RunResult extends RunSummary {
  runId: number;
  error?: string;
}

/** A type whose sync is not built yet: a run fails at once and says so. */
export class NotImplementedError extends NonRetryableError {
  // The name stays NonRetryableError: the queue recognises errors that must not be retried by name.
  constructor(typeId: string) {
    super(`The profile type ${typeId} has no sync yet in this version of plentygate: nothing was collected or written.`);
  }
}

// Past these, a run stores a count instead of one more message: history must not grow without bound.
const MAX_MESSAGES_PER_RUN = 1000;
// Skip reasons are kept too (a merchant asks why an order was not sent), but fewer, so that a large
// reconciliation's "nothing changed" skips never crowd out the failures.
const MAX_SKIP_MESSAGES_PER_RUN = 200;

/**
 * Runs a profile: collect → transform → validate → process → update → log, in batches. A record that
 * fails is recorded with its reason and the batch goes on (status `partial`); a thrown error from the
 * source or target ends the run as `failed` and is re-thrown so the queue can retry: the retry resumes the
 * same run from the checkpoint of the last completed batch. `paused` (set from outside) stops between batches.
 */
export async function executeRun(deps: RunnerDeps, request: RunRequest): Promise<RunResult> {
  const { db, registry } = deps;
  const history = createHistory(db);
  const profile = deps.profile?.id === request.profileId
    ? deps.profile
    : (await db.select().from(profiles).where(eq(profiles.id, request.profileId)))[0];
  if (!profile) throw new NonRetryableError(`Profile ${request.profileId} does not exist`);
  const type = registry.get(profile.typeId);
  const input = effectiveInput(request.input, profile.config);

  let run: RunRow | undefined;
  let fresh = false;
  // This execution's hold on the run (see run-owner.ts): every write below is refused once another
  // execution has started or resumed the same run.
  let owner: RunOwner | undefined;
  if (request.runId) run = await history.get(request.runId);
  else if (request.requestId && deps.opened && deps.profile?.id === request.profileId) ({ row: run, fresh } = deps.opened);
  else if (request.requestId) ({ row: run, fresh } = await history.open(profile.id, request.trigger, input, request.requestId, request.jobId));
  else if (request.jobId) run = await history.byJob(request.jobId);
  if (run && !fresh) {
    if (run.status === 'completed' || run.status === 'partial') return { runId: run.id, ...countsOf(run), status: run.status };
    // A pause wins over the queue's retry of the job that ran it: only an explicit resume (runId) continues.
    if (run.status === 'paused' && !request.runId) return { runId: run.id, ...countsOf(run), status: 'paused' };
    owner = await history.resume(run.id);
  }
  run ??= await history.start(profile.id, request.trigger, input, request.jobId);
  const runId = run.id;
  owner ??= { runId, token: run.ownerToken };
  const log = lazyChild(deps.log, { profile: profile.typeId, runId });
  // No older delta or full run of the profile may still be writing the same records (run-overlap.ts).
  const overlap = await awaitOverlap(history, run, owner, { signal: deps.signal, log });
  if (!overlap.go) {
    const counted = countsOf(run);
    await history.complete(owner, counted, run.checkpoint, [{ level: 'info', message: overlap.message }], 'completed');
    log.info(overlap.message);
    return { runId, status: 'completed', ...counted };
  }
  // Link writes a stage holds for the next batch save (`atBatchSave`) go with it, in its statement.
  const links = createLinkStore(db, owner);
  const counts: RunCounts = countsOf(run);
  // A resumed run continues the message count of its earlier attempts, so the cap holds per run.
  let messageCount = fresh ? 0 : await history.countMessages(runId);
  // The batches, once the config is prepared (it counts the messages from then on).
  let loop: BatchLoop | undefined;

  const fail = async (error: unknown): Promise<never> => {
    // Superseded: the run is another execution's now, its history is not this one's to write.
    if (isSuperseded(error)) {
      log.warn('run taken over by another execution: this one stops without writing');
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    // Also kept as a message: a retry that resumes the run clears `error`, the history should still tell.
    // (A takeover meanwhile refuses these: the RunSupersededError then replaces the run's own error.)
    if ((loop?.messagesStored ?? messageCount) < MAX_MESSAGES_PER_RUN) await history.addMessage(owner, { level: 'error', message: `Run failed: ${message}` });
    await history.finish(owner, 'failed', message, links.takePending());
    log.warn({ err: message }, 'run failed');
    await deps.alerts?.runFailed({ profileId: profile.id, typeId: profile.typeId, runId, error: message });
    throw error;
  };

  if (!type.stages) return fail(new NotImplementedError(type.id));
  const prepared = runConfig(type, profile);
  if ('problems' in prepared) return fail(new NonRetryableError(`The profile's config is invalid:\n${prepared.problems.join('\n')}`));
  // The config's mapping (src/mapping), applied to every record between transform and validate.
  const { mapping, removed } = prepared;
  if (removed.length && messageCount < MAX_MESSAGES_PER_RUN) {
    messageCount++;
    await history.addMessage(owner, { level: 'warn', message: retiredSettingsNote(removed) });
  }
  const config = prepared.config as { batchSize?: number };
  const batchSize = Math.max(1, config.batchSize ?? type.defaultBatchSize);
  const stages = type.stages;
  // Every API call of the run combines this signal with its own timeout: as many listeners as calls in flight.
  const controller = sharedAbort();
  const onAbort = () => controller.abort(deps.signal?.reason);
  if (deps.signal?.aborted) controller.abort(deps.signal.reason);
  // Removed when the run ends: a worker's signal outlives its runs, and listeners left on it pile up.
  else deps.signal?.addEventListener('abort', onAbort, { once: true });
  const ctx: RunContext<unknown> = {
    profile: { id: profile.id, typeId: profile.typeId as RunContext<unknown>['profile']['typeId'], name: profile.name },
    config,
    run: { id: runId, trigger: run.trigger, input: (run.params as unknown as RunInput) ?? input, startedAt: run.startedAt },
    db,
    links,
    state: createStateStore(db, profile.id, owner),
    log,
    signal: controller.signal,
    services: deps.services ?? {},
  };

  const logging = (config as { logging?: { requests?: boolean; responses?: boolean } }).logging;
  enterCallLog({ log, requests: Boolean(logging?.requests), responses: Boolean(logging?.responses) });
  const failedRecords = await trackFailedRecords(db, profile.id, failedRecordSettings(config), ctx.run);

  const report = () => deps.onProgress?.({ runId, total: run?.total ?? undefined, ...counts });
  loop = new BatchLoop({ stages, mapping, ctx, counts, failedRecords, alerts: deps.alerts, profile, runId }, run.checkpoint ?? undefined, messageCount);

  try {
    if (run.total === null && stages.estimateTotal) {
      const total = await stages.estimateTotal(ctx);
      if (total !== undefined) {
        run.total = total;
        await history.saveBatch(owner, counts, loop.checkpoint, [], total, links.takePending());
        report();
      }
    }
    const collected = withFailedRecordRetries(stages.collect(ctx, loop.checkpoint), failedRecords, ctx.run.input,
      (ids) => stages.collect({ ...ctx, run: { ...ctx.run, input: { mode: 'ids', ids } } }, undefined));
    const save = async (messages: NewMessage[]) => {
      const stored = await history.saveBatch(owner, counts, loop.checkpoint, messages, undefined, links.takePending());
      report();
      return stored;
    };
    if (await loop.runBatches(collected, batchSize, controller.signal, save)) {
      log.info(counts, 'run paused');
      return { runId, status: 'paused', ...counts };
    }
    // The last batch is saved with the final status (one statement for a run of one record, as most
    // event runs are), after the finish stage: should that fail, the batch is saved on its own first.
    const last = [...(loop.batch.length ? await loop.processBatch() : []), ...loop.limitMessages(failedRecords?.takeMessages() ?? [])];
    const status = counts.failed > 0 ? 'partial' : 'completed';
    try {
      await stages.finish?.(ctx, { status, ...counts });
    } catch (error) {
      await history.saveBatch(owner, counts, loop.checkpoint, last, undefined, links.takePending());
      throw error;
    }
    const finished = await history.complete(owner, counts, loop.checkpoint, last, status, links.takePending());
    report();
    if (!finished) {
      log.info(counts, 'run paused');
      return { runId, status: 'paused', ...counts };
    }
    log.info({ status, ...counts }, 'run finished');
    return { runId, status, ...counts };
  } catch (error) {
    return fail(error);
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
  }
}

type BatchItem = { key: string; raw: unknown; checkpoint?: unknown; retryId?: string; endsBatch?: boolean };

/** What a run's batches are processed with. */
interface LoopParts {
  stages: NonNullable<AnyProfileType['stages']>;
  mapping: MappingStep;
  ctx: RunContext<unknown>;
  counts: RunCounts;
  failedRecords: FailedRecordTracker | undefined;
  alerts: RunAlerts | undefined;
  profile: { id: number; typeId: string };
  runId: number;
}

/**
 * A run's batches: collected records through the stages, counted, their messages capped. A class rather
 * than closures of executeRun: its methods are the same functions in every run, so what V8 optimised in
 * one run can serve the next. As closures made per run, the batch loop and processBatch were compiled again
 * in most warm reconciliations (`--trace-opt`).
 */
class BatchLoop {
  /** The records collected for the next batch. */
  batch: BatchItem[] = [];
  /**
   * Where collection stood after the last record that carried a checkpoint; a batch whose last records
   * carry none keeps it rather than sending a resumed run back to the start.
   */
  checkpoint: unknown;
  private messageCount: number;
  private skipMessages = 0;
  /** The reasons of counted outcomes (Outcome's `count`) said so far: once per run each. */
  private readonly countedReasons = new Set<string>();

  constructor(private readonly parts: LoopParts, checkpoint: unknown, messageCount: number) {
    this.checkpoint = checkpoint;
    this.messageCount = messageCount;
  }

  /** Messages the run has stored or will with the messages handed out so far. */
  get messagesStored(): number {
    return this.messageCount;
  }

  /**
   * Collects, processes and saves the full batches (`save` stores a batch's messages and progress);
   * answers whether the run was paused meanwhile.
   */
  async runBatches(collected: AsyncIterable<BatchItem>, batchSize: number, signal: AbortSignal, save: (messages: NewMessage[]) => Promise<unknown>): Promise<boolean> {
    for await (const item of collected) {
      if (signal.aborted) throw signal.reason ?? new Error('run aborted');
      this.batch.push(item);
      if (this.batch.length < batchSize && !item.endsBatch) continue;
      const messages = await this.processBatch(); // (moves the checkpoint: saved after)
      if ((await save(messages)) === 'paused') return true;
    }
    return false;
  }

  /**
   * The messages to store, within the run's cap: the first dropped message is replaced by one warning
   * (which takes the count past the cap, so it is written once per run, however the dropped messages
   * fall across batches and resumes).
   */
  limitMessages(messages: NewMessage[]): NewMessage[] {
    const room = Math.max(0, MAX_MESSAGES_PER_RUN - this.messageCount);
    const kept = messages.slice(0, room);
    if (kept.length < messages.length && this.messageCount + kept.length === MAX_MESSAGES_PER_RUN) {
      kept.push({ level: 'warn', message: `More than ${MAX_MESSAGES_PER_RUN} messages: further ones are counted, not stored.` });
    }
    this.messageCount += kept.length;
    return kept;
  }

  /** Runs the collected records through the stages and counts them; returns the messages to store. */
  async processBatch(): Promise<NewMessage[]> {
    const { stages, mapping, ctx, counts, failedRecords } = this.parts;
    const current = this.batch;
    this.batch = [];
    const messages: NewMessage[] = [];
    const outcomes: Outcome[] = [];
    const valid: { key: string; record: unknown }[] = [];
    for (const { key, raw } of current) {
      try {
        const mapped = await mapping.map(raw, await stages.transform(raw, ctx));
        if (mapped.kind !== 'mapped') {
          outcomes.push({ key, result: mapped.kind === 'skip' ? 'skipped' : 'failed', reason: mapped.reason });
          continue;
        }
        const record = mapped.record;
        const problems = (await stages.validate?.(record, ctx)) ?? [];
        if (problems.length) outcomes.push({ key, result: 'failed', reason: problems.join(' ') });
        else valid.push({ key, record });
      } catch (error) {
        outcomes.push({ key, result: 'failed', reason: error instanceof Error ? error.message : String(error) });
      }
    }
    if (valid.length) {
      const written = await stages.process(valid, ctx);
      // A loop, not a spread: a stage may answer thousands (a reconciliation's unchanged records).
      for (const outcome of written) outcomes.push(outcome);
      await stages.update?.(written, valid, ctx);
      // A record the stage said nothing about must not vanish from the counts. (The valid keys less the
      // reported ones: a set of the batch's size, however many outcomes a record stands for.)
      const unreported = new Set(valid.map(({ key }) => key));
      for (const { key } of written) unreported.delete(key);
      for (const key of unreported) outcomes.push({ key, result: 'failed', reason: 'The process stage reported no outcome for this record.' });
    }
    for (const outcome of outcomes) {
      if (outcome.result === 'skipped' && outcome.count !== undefined) {
        counts.processed += outcome.count;
        counts.skipped += outcome.count;
        if (!this.countedReasons.has(outcome.reason) && this.skipMessages++ < MAX_SKIP_MESSAGES_PER_RUN) messages.push({ level: 'info', message: outcome.reason });
        this.countedReasons.add(outcome.reason);
        continue;
      }
      counts.processed++;
      if (outcome.result === 'failed') {
        counts.failed++;
        messages.push({ level: 'error', recordKey: outcome.key, message: outcome.reason });
      } else if (outcome.result === 'skipped') {
        counts.skipped++;
        if (this.skipMessages++ < MAX_SKIP_MESSAGES_PER_RUN) messages.push({ level: 'info', recordKey: outcome.key, message: outcome.reason });
      } else {
        counts[outcome.result]++;
        if (outcome.note) messages.push({ level: 'info', recordKey: outcome.key, message: outcome.note });
      }
    }
    for (const item of current) if (item.checkpoint !== undefined) this.checkpoint = item.checkpoint;
    if (failedRecords) messages.push(...await failedRecords.afterBatch(outcomes, new Map(current.map((i) => [i.key, i.retryId ?? i.key]))));
    const failures = outcomes.filter((o) => o.result === 'failed').map((o) => ({ key: o.key, reason: o.reason }));
    if (failures.length) await this.parts.alerts?.recordsFailed({ profileId: this.parts.profile.id, typeId: this.parts.profile.typeId, runId: this.parts.runId, failures });
    return this.limitMessages(messages);
  }
}

const logLevels = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

/**
 * A child logger of `parent` with `bindings`, made on the first use that writes: pino serialises a
 * child's bindings through its redaction when the child is made (about 7 KB of garbage per run in
 * bench/latency), and most event runs log nothing at the level set. A call at a level `parent` leaves
 * out is answered without making the child (a child has its parent's level).
 */
function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const real = () => (child ??= parent.child(bindings));
  const skip = () => {};
  return new Proxy(parent, {
    get(_target, key) {
      if (child === undefined && typeof key === 'string' && logLevels.has(key) && !parent.isLevelEnabled(key)) return skip;
      const target = real();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set(_target, key, value) {
      return Reflect.set(real(), key, value);
    },
  });
}

/** What a run makes of its profile's stored config: the type's parsed config and the mapping step. */
type RunConfig = { config: unknown; mapping: MappingStep; removed: readonly string[] } | { problems: string[] };

/**
 * Per profile type and profile id, the stored config (as JSON) last prepared and what became of it:
 * every event run of a profile parses the same config, and the type's zod schema and the mapping cost
 * more CPU than the rest of the run's bookkeeping. A changed config is prepared again on its next run.
 */
const runConfigs = new WeakMap<AnyProfileType, Map<number, { config: unknown; json: string; prepared: RunConfig }>>();

/**
 * The profile's config as its runs use it, prepared once per stored config. The parsed config is
 * frozen (deeply): every run of the profile shares it, and no stage may change what the next one reads.
 */
export function runConfig(type: AnyProfileType, profile: Pick<ProfileRow, 'id' | 'config'>): RunConfig {
  let byProfile = runConfigs.get(type);
  if (!byProfile) runConfigs.set(type, (byProfile = new Map()));
  const known = byProfile.get(profile.id);
  // The config object prepared last, frozen (as the run history hands it to event runs): unchanged.
  if (known?.config === profile.config && Object.isFrozen(profile.config)) return known.prepared;
  const json = JSON.stringify(profile.config);
  if (known?.json === json) {
    known.config = profile.config;
    return known.prepared;
  }
  // Parsed from a copy: the parsed config may share objects with its input, and it is frozen.
  const stored = withoutRetired(JSON.parse(json) as unknown, type.retiredSettings);
  const parsed = type.configSchema.safeParse(typeConfigOf(stored.config));
  let prepared: RunConfig;
  if (!parsed.success) prepared = { problems: describeConfigError(parsed.error) };
  else {
    const mapping = mappingStep(type, stored.config);
    prepared = mapping.problems.length
      ? { problems: mapping.problems }
      : { config: deepFreeze(parsed.data), mapping, removed: Object.freeze([...stored.removed]) };
  }
  byProfile.set(profile.id, { config: profile.config, json, prepared });
  return prepared;
}

function countsOf(run: RunCounts): RunCounts {
  return { processed: run.processed, created: run.created, updated: run.updated, skipped: run.skipped, failed: run.failed };
}
