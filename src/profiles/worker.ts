import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { profiles } from '../db/schema/index.js';
import type { Job, QueueBackend, Worker } from '../queue/port.js';
import type { ProfileServices } from './profile-type.js';
import { cleanHistoryByRetention } from './history-retention.js';
import { HISTORY_CLEANUP_JOB, PROFILE_QUEUE } from './queue-names.js';
import type { ProfileRegistry } from './registry.js';
import { runLaterThrough } from './run-later.js';
import { executeRun, type RunRequest, type RunResult } from './runner.js';
import type { Alerts } from '../alerts/alerts.js';
import { alertingOnDeadLetter } from '../alerts/dead-letter.js';
import { isSuperseded } from './run-owner.js';
import { createHistory } from './history.js';

export interface ProfileWorkerDeps {
  db: Database;
  queue: QueueBackend;
  registry: ProfileRegistry;
  log: Logger;
  services?: ProfileServices;
  concurrency?: number;
  /** Called when a run ends (metrics). */
  onRunFinished?: (typeId: string, result: RunResult, durationMs: number) => void;
  /** Told of failed runs and records, and of jobs that end in the dead-letter list. */
  alerts?: Alerts;
}

/** Consumes the profiles queue: each job is one run (or the continuation of one). */
export function startProfileWorker(deps: ProfileWorkerDeps): Worker {
  const process = async (job: Job<RunRequest>) => {
    // The nightly cleanup shares the profiles queue, so the scheduler that feeds runs feeds it too.
    if (job.name === HISTORY_CLEANUP_JOB) return cleanHistoryByRetention(deps.db);
    const request = job.data;
    // Schedules and events only drive active profiles; a manual run is how a merchant tries one out.
    const activeOnly = request.trigger !== 'manual' && !request.runId;
    // An event's run (a queued request whose input the profile's config cannot change) is opened by the
    // statement that reads the profile: one round trip on every event.
    const opened = activeOnly && request.requestId && (request.input.mode !== 'delta' || request.input.since !== undefined)
      ? await createHistory(deps.db).openActive(request.profileId, request.trigger, request.input, request.requestId, job.id)
      : undefined;
    const profile = opened ? opened.profile : (await deps.db.select().from(profiles).where(eq(profiles.id, request.profileId)))[0];
    if (!profile) return { skipped: 'profile no longer exists' };
    if (activeOnly && profile.status !== 'active') return { skipped: `profile is ${profile.status}` };
    const started = Date.now();
    const result = await executeRun(
      {
        db: deps.db, profile, opened: opened?.run, registry: deps.registry, log: deps.log, signal: job.signal, alerts: deps.alerts,
        // Records a run must not write yet come back as a delayed job of this queue (see run-later.ts).
        services: { ...deps.services, runLater: runLaterThrough(deps.queue, profile) },
      },
      { ...request, jobId: job.id },
    ).catch((error: unknown) => {
      // Another execution holds the run now and finishes it: this job ends quietly. Retrying it would
      // only take the run back from the execution doing it (when the lease lapsed the queue has handed
      // the job itself on, and refuses this execution's completion anyway).
      if (isSuperseded(error)) return { superseded: error.runId } as const;
      throw error;
    });
    if ('superseded' in result) return result;
    deps.onRunFinished?.(profile.typeId, result, Date.now() - started);
    return result;
  };
  const subject = (job: Job<RunRequest>) => (job.data.profileId === undefined ? undefined : `profile ${job.data.profileId}`);
  return deps.queue.worker<RunRequest>(PROFILE_QUEUE, alertingOnDeadLetter(process, deps.alerts, subject), { concurrency: deps.concurrency ?? 4 });
}
