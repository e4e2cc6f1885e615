import type { Command } from 'commander';
import { createDeadLetters } from '../../gateway/dead-letters.js';
import { PROFILE_QUEUE } from '../../profiles/queue-names.js';
import type { JobInfo } from '../../queue/port.js';
import { positiveInt, UsageError, withRuntimeOr } from '../context.js';
import { printJson, printTable } from '../output.js';

export function registerDeadLetterCommands(program: Command): void {
  program
    .command('dlq:list')
    .description('List jobs that failed for good (attempts used up, or not retryable) with their last error')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { limit: string; json?: boolean }) => {
      const limit = positiveInt('--limit', options.limit);
      await withRuntimeOr({ command: 'dlq:list', queue: true }, async ({ queue }) => createDeadLetters(queue!, [PROFILE_QUEUE]).list({ limit }),
        (api) => api.call<JobInfo[]>('GET', `/dead-letters?limit=${Math.min(limit, 1000)}`)).then((jobs) => {
        if (options.json) return printJson(jobs);
        printTable(jobs.map((j) => ({ ...j, data: JSON.stringify(j.data) })), [
          ['id', 'Job'], ['queue', 'Queue'], ['attemptsMade', 'Attempts'], ['finishedAt', 'Failed at'], ['lastError', 'Last error'], ['data', 'Data'],
        ]);
      });
    });

  program
    .command('dlq:replay')
    .description('Run dead-lettered jobs again with fresh attempts')
    .option('--id <jobId>', 'one job')
    .option('--all', 'every dead job')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { id?: string; all?: boolean; json?: boolean }) => {
      if (Boolean(options.id) === Boolean(options.all)) throw new UsageError('Give either --id <jobId> or --all.');
      await withRuntimeOr({ command: 'dlq:replay', queue: true }, async ({ queue }) => {
        const dead = createDeadLetters(queue!, [PROFILE_QUEUE]);
        return options.all ? await dead.replayAll() : (await dead.replay(options.id!)) ? 1 : 0;
      }, async (api) => {
        if (options.all) return (await api.call<{ replayed: number }>('POST', '/dead-letters/replay')).replayed;
        // 404: no such dead job, the same outcome as locally.
        return api.call<{ replayed: number }>('POST', `/dead-letters/${encodeURIComponent(options.id!)}/replay`).then((r) => r.replayed, (e: { status?: number }) => {
          if (e.status === 404) return 0;
          throw e;
        });
      }).then((replayed) => {
        if (options.json) return printJson({ replayed });
        if (options.id && replayed === 0) throw new UsageError(`No dead job ${options.id} (see dlq:list).`);
        process.stdout.write(`Replayed ${replayed} job(s).\n`);
      });
    });
}
