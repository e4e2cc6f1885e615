import type { Command } from 'commander';
import type { RunProgress, RunRequest, RunResult } from '../../profiles/runner.js';
import type { RunInput } from '../../profiles/profile-type.js';
import type { Runtime } from '../../runtime/open.js';
import { positiveInt, profileRef, UsageError, withProfileRef, withProfiles, withRuntimeOr } from '../context.js';
import { printJson } from '../output.js';
import { dryRunCommand } from './profile-dry-run.js';

/** Exit codes of profile:run / profile:resume, documented in the README. */
export const RUN_EXIT = { completed: 0, paused: 0, failed: 1, partial: 3 } as const;

export function registerProfileRunCommands(program: Command): void {
  withProfileRef(program.command('profile:run'))
    .description('Run a profile now: delta since its watermark by default, --full, --since or --ids')
    .option('--full', 'everything, not only what changed')
    .option('--since <iso>', 'changes since this ISO-8601 instant')
    .option('--ids <keys>', 'only these source keys, comma-separated (SKUs, increment ids, variation ids…)')
    .option('--queue', 'hand the run to the workers (serve/worker) instead of running it in this process')
    .option('--json', 'print the result as JSON')
    .option('--dry-run', 'collect, transform, map and validate against both systems, write nothing, and print what would change')
    .option('--limit <n>', 'with --dry-run: records to examine (default 10)')
    .action(async (options: { id?: string; type?: string; full?: boolean; since?: string; ids?: string; queue?: boolean; json?: boolean; dryRun?: boolean; limit?: string }) => {
      const ref = profileRef(options);
      const input = runInput(options);
      if (options.limit !== undefined && !options.dryRun) throw new UsageError('--limit goes with --dry-run.');
      if (options.dryRun) return dryRunCommand(ref, input, options);
      await withRuntimeOr({ command: 'profile:run', queue: Boolean(options.queue) }, async (runtime) => {
        if (options.queue) {
          const job = await runtime.service.requestRun(ref, { trigger: 'manual', input });
          if (options.json) return printJson(job);
          process.stdout.write(`Queued run of profile ${job.profileId} as job ${job.jobId}.\n`);
          return;
        }
        const profile = await runtime.service.get(ref);
        await runHere(runtime, { profileId: profile.id, trigger: 'manual', input }, Boolean(options.json));
      }, async (api) => (await import('../remote/follow-run.js')).runThroughServe(api, ref, input, { queue: Boolean(options.queue), json: Boolean(options.json) }));
    });

  program
    .command('profile:pause')
    .description('Ask a running run to stop after its current batch')
    .requiredOption('--run <runId>', 'run id (see profile:history)')
    .action(async (options: { run: string }) => {
      const runId = positiveInt('--run', options.run);
      await withProfiles('profile:pause', async (service) => {
        const paused = await service.pauseRun(runId);
        process.stdout.write(paused ? `Run ${runId} will pause after its current batch.\n` : `Run ${runId} is not running.\n`);
        if (!paused) process.exitCode = 1;
      });
    });

  program
    .command('profile:resume')
    .description('Continue a paused or failed run from where it stopped')
    .requiredOption('--run <runId>', 'run id (see profile:history)')
    .option('--queue', 'hand it to the workers instead of running it in this process')
    .option('--json', 'print the result as JSON')
    .action(async (options: { run: string; queue?: boolean; json?: boolean }) => {
      const runId = positiveInt('--run', options.run);
      await withRuntimeOr({ command: 'profile:resume', queue: Boolean(options.queue) }, async (runtime) => {
        const run = await runtime.service.run(runId);
        if (run.status === 'completed' || run.status === 'partial') throw new UsageError(`Run ${runId} has already finished (${run.status}).`);
        if (options.queue) {
          const job = await runtime.service.resumeRun(runId);
          if (options.json) return printJson(job);
          process.stdout.write(`Queued run ${runId} to resume as job ${job.jobId}.\n`);
          return;
        }
        await runHere(runtime, { profileId: run.profileId, trigger: run.trigger, input: run.params as unknown as RunInput, runId }, Boolean(options.json));
      }, async (api) => (await import('../remote/follow-run.js')).resumeThroughServe(api, runId, { queue: Boolean(options.queue), json: Boolean(options.json) }));
    });
}

function runInput(options: { full?: boolean; since?: string; ids?: string }): RunInput {
  const chosen = [options.full, options.since, options.ids].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('Choose one of --full, --since and --ids.');
  if (options.full) return { mode: 'full' };
  if (options.ids) {
    const ids = options.ids.split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length === 0) throw new UsageError('--ids expects comma-separated keys, e.g. --ids SKU-1,SKU-2');
    return { mode: 'ids', ids };
  }
  if (options.since) {
    const since = new Date(options.since);
    if (Number.isNaN(since.getTime())) throw new UsageError(`--since expects an ISO-8601 instant such as 2026-11-01T00:00:00Z, got "${options.since}".`);
    return { mode: 'delta', since: since.toISOString() };
  }
  return { mode: 'delta' };
}

/**
 * Runs in this process with a progress bar on a terminal. The first Ctrl-C pauses after the current
 * batch (resumable with profile:resume); a second one aborts.
 */
async function runHere(runtime: Runtime, request: RunRequest, json: boolean): Promise<void> {
  const tty = process.stdout.isTTY && !json;
  const progress = tty ? await import('cli-progress') : undefined;
  const bar = progress && new progress.SingleBar({ format: ' {bar} {value}/{total} processed | created {created} updated {updated} skipped {skipped} failed {failed}' }, progress.Presets.shades_classic);
  let started = false;
  let runId: number | undefined;
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1 && runId !== undefined) {
      process.stderr.write('\nPausing after the current batch (Ctrl-C again to abort)…\n');
      void runtime.service.pauseRun(runId);
    } else {
      controller.abort(new Error('interrupted'));
    }
  };
  process.on('SIGINT', onSigint);
  const onProgress = (p: RunProgress) => {
    runId = p.runId;
    if (!bar) return;
    const payload = { created: p.created, updated: p.updated, skipped: p.skipped, failed: p.failed };
    const total = Math.max(p.total ?? p.processed, p.processed);
    if (!started) {
      bar.start(total, p.processed, payload);
      started = true;
    } else {
      bar.setTotal(total);
      bar.update(p.processed, payload);
    }
  };
  let result: RunResult;
  try {
    const { executeRun } = await import('../../profiles/runner.js');
    result = await executeRun({ db: runtime.db.db, registry: runtime.registry, log: runtime.log, services: runtime.services, signal: controller.signal, onProgress, alerts: runtime.alerts }, request);
  } catch (error) {
    bar?.stop();
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
  bar?.stop();
  process.exitCode = RUN_EXIT[result.status];
  if (json) return printJson(result);
  process.stdout.write(
    `Run ${result.runId} ${result.status}: ${result.processed} processed, ${result.created} created, ` +
      `${result.updated} updated, ${result.skipped} skipped, ${result.failed} failed.\n`,
  );
  if (result.status === 'paused') process.stdout.write(`Resume it with: plentygate profile:resume --run ${result.runId}\n`);
  if (result.failed > 0) process.stdout.write(`See the reasons with: plentygate profile:history --run ${result.runId}\n`);
}
