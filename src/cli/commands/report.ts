import type { Command } from 'commander';
import { integrityChecks, type IntegrityCheck } from '../../reports/integrity/schema.js';
import { positiveInt, UsageError, withRuntimeOr } from '../context.js';
import { printJson, printTable } from '../output.js';

/** Exit code of report:integrity when it found issues (as a partial run does). */
export const ISSUES_FOUND = 3;

export function registerReportCommands(program: Command): void {
  program
    .command('report:integrity')
    .description('Compare Magento and PlentyONE: orders missing in PlentyONE or with other totals, SKUs whose variation differs, stock that drifted')
    .option('--check <names>', `which checks, comma-separated (${integrityChecks.join(', ')})`, integrityChecks.join(','))
    .option('--days <n>', 'compare orders created in the last n days', '7')
    .option('--tolerance <units>', 'stock differences up to this many units are not drift', '0')
    .option('--fix', 'queue a run of the relevant profile for the records found (the workers run them)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { check: string; days: string; tolerance: string; fix?: boolean; json?: boolean }) => {
      const checks = options.check.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = checks.filter((c) => !(integrityChecks as readonly string[]).includes(c));
      if (unknown.length || checks.length === 0) throw new UsageError(`--check takes ${integrityChecks.join(', ')}; got "${options.check}".`);
      const days = positiveInt('--days', options.days);
      const tolerance = Number(options.tolerance);
      if (!Number.isFinite(tolerance) || tolerance < 0) throw new UsageError(`--tolerance expects a number of units of at least 0, got "${options.tolerance}".`);
      const { fixIntegrity, integrityReport, issuesOf } = await import('../../reports/integrity/report.js');
      type Report = Awaited<ReturnType<typeof integrityReport>>;
      type Fixed = Awaited<ReturnType<typeof fixIntegrity>>;
      const query = `?check=${encodeURIComponent(checks.join(','))}&days=${days}&tolerance=${tolerance}`;
      await withRuntimeOr<{ report: Report; fixed: Fixed | undefined }>({ command: 'report:integrity', queue: Boolean(options.fix) }, async (runtime) => {
        const report = await integrityReport(
          { db: runtime.db, profiles: runtime.service, connectors: runtime.services.connectors! },
          { checks: checks as IntegrityCheck[], days, tolerance },
        );
        return { report, fixed: options.fix && issuesOf(report).length ? await fixIntegrity(runtime.service, report) : undefined };
      }, async (api) => (options.fix
        ? api.call<{ report: Report; fixed: Fixed }>('POST', `/reports/integrity/fix${query}`)
        : { report: await api.call<Report>('GET', `/reports/integrity${query}`), fixed: undefined })).then(({ report, fixed }) => {
        const issues = issuesOf(report);
        if (issues.length) process.exitCode = ISSUES_FOUND;
        if (options.json) return printJson({ ...report, ...(fixed ? { fixed } : {}) });
        for (const check of checks as IntegrityCheck[]) {
          const result = report[check]!;
          process.stdout.write(`${check}: ${result.skipped ? `not checked: ${result.skipped}` : `${result.checked} compared, ${result.issues.length} issue(s)`}\n`);
        }
        if (issues.length) printTable(issues, [['check', 'Check'], ['problem', 'Problem'], ['key', 'Record'], ['detail', 'Detail']]);
        for (const f of fixed ?? []) process.stdout.write(`Queued a run of ${f.profile} for ${f.ids.length} record(s) (job ${f.jobId}).\n`);
        if (issues.length && !fixed) process.stdout.write('Run again with --fix to queue the affected records.\n');
      });
    });
}
