import { setTimeout as sleep } from 'node:timers/promises';
import type { RunInput } from '../../profiles/profile-type.js';
import type { ProfileRef } from '../../profiles/service.js';
import { UsageError } from '../context.js';
import { printJson } from '../output.js';
import type { AdminApi } from './admin-api.js';
import { remoteProfiles } from './profiles.js';

/** Exit codes as for a run in this process (profile-run.ts RUN_EXIT). */
const EXIT: Record<string, number> = { completed: 0, paused: 0, failed: 1, partial: 3 };

/**
 * profile:run while serve holds the embedded database: serve's workers run it (queued through the
 * admin API) and this command follows it to its end, printing its counts as they change; the first
 * Ctrl-C pauses it after the current batch, as in a local run. With `queue` it only queues.
 */
export async function runThroughServe(api: AdminApi, ref: ProfileRef, input: RunInput, options: { queue: boolean; json: boolean }): Promise<void> {
  const job = await remoteProfiles(api).requestRun(ref, { trigger: 'manual', input });
  if (options.queue) {
    if (options.json) return printJson(job);
    process.stdout.write(`Queued run of profile ${job.profileId} as job ${job.jobId}.\n`);
    return;
  }
  await follow(api, job.jobId, options.json);
}

export async function resumeThroughServe(api: AdminApi, runId: number, options: { queue: boolean; json: boolean }): Promise<void> {
  const profiles = remoteProfiles(api);
  const run = await profiles.run(runId);
  if (run.status === 'completed' || run.status === 'partial') throw new UsageError(`Run ${runId} has already finished (${run.status}).`);
  const job = await profiles.resumeRun(runId);
  if (options.queue) {
    if (options.json) return printJson(job);
    process.stdout.write(`Queued run ${runId} to resume as job ${job.jobId}.\n`);
    return;
  }
  await follow(api, job.jobId, options.json);
}

async function follow(api: AdminApi, jobId: string, json: boolean): Promise<void> {
  let runId: number | null = null;
  for (let waited = 0; runId === null; waited++) {
    runId = (await api.call<{ runId: number | null }>('GET', `/jobs/${encodeURIComponent(jobId)}/run`)).runId;
    if (runId === null) {
      if (waited === 4 && !json) process.stderr.write(`Job ${jobId} waits for a worker of serve…\n`);
      await sleep(500);
    }
  }
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\nPausing run ${runId} after the current batch (Ctrl-C again to stop following it; it goes on in serve)…\n`);
    void api.call('POST', `/runs/${runId}/pause`).catch(() => {});
  };
  process.on('SIGINT', onSigint);
  try {
    let shown = '';
    for (;;) {
      const run = await remoteProfiles(api).run(runId);
      const counts = `${run.processed} processed, ${run.created} created, ${run.updated} updated, ${run.skipped} skipped, ${run.failed} failed`;
      if (run.status !== 'running') {
        process.exitCode = EXIT[run.status] ?? 1;
        const result = { runId: run.id, status: run.status, processed: run.processed, created: run.created, updated: run.updated, skipped: run.skipped, failed: run.failed, ...(run.error ? { error: run.error } : {}) };
        if (json) return printJson(result);
        process.stdout.write(`Run ${run.id} ${run.status}: ${counts}.\n`);
        if (run.status === 'paused') process.stdout.write(`Resume it with: plentygate profile:resume --run ${run.id}\n`);
        if (run.failed > 0 || run.status === 'failed') process.stdout.write(`See the reasons with: plentygate profile:history --run ${run.id}\n`);
        return;
      }
      if (!json && counts !== shown) process.stderr.write(`Run ${run.id}: ${counts}\n`);
      shown = counts;
      await sleep(1000);
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}
