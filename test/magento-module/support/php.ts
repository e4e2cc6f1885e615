import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The Magento module and the PHP side of its tests, inside the repository. */
export const moduleDir = fileURLToPath(new URL('../../../magento/module-plentygate', import.meta.url));
export const supportDir = fileURLToPath(new URL('.', import.meta.url));
export const xsdDir = fileURLToPath(new URL('../xsd', import.meta.url));

/** Whether php-cli is installed (`.ci/run` installs it); the PHP suites skip, saying so, without it. */
export const hasPhp = spawnSync('php', ['-v'], { encoding: 'utf8' }).status === 0;
export const hasPhpunit = hasPhp && spawnSync('phpunit', ['--version'], { encoding: 'utf8' }).status === 0;

if (!hasPhp) console.warn('php-cli is not installed: the Magento module tests are skipped (apt-get install php-cli php-xml php-mbstring phpunit)');

/** Runs php (or phpunit) and returns its output; throws with stderr when it exits non-zero. */
export function run(command: 'php' | 'phpunit', args: string[], options: { cwd?: string; allowFailure?: boolean } = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: options.cwd, maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
