/**
 * `--built` for the benchmarks whose run processes can be measured as compiled JavaScript: compiles
 * `src` and the benchmark's run process with the benchmark's `tsconfig.built.json` into var/bench-built
 * and answers the path of the compiled phase, run with node alone (no tsx), as in production.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository: the nearest folder above this file with a package.json (also when this file runs compiled in var/bench-built). */
const root = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
/** A start script's node flags: what stands between `node` and the CLI (the command's own options follow it). */
const nodeFlagsOf = (script: string) => {
  const args = scripts[script]!.split(' ');
  return args.slice(1, args.indexOf('bin/plentygate.js'));
};

/** The V8 flags of the production start (`npm start`, the Dockerfile's entrypoint: README "Memory"). */
export const productionFlags: string[] = nodeFlagsOf('start');
/** The V8 flags of a gateway-only process (`npm run start:gateway`, compose.yaml's `serve`). */
export const gatewayFlags: string[] = nodeFlagsOf('start:gateway');

/** `bench` is the benchmark's folder name (`reconcile`, `catalog-import`, `ingest`); `file` its run process. */
export function compileBuiltPhase(bench: string, log: (line: string) => void, file = 'phase'): string {
  log(`compiling src and the ${bench} run process into var/bench-built (tsc)…`);
  // tsc writes its output even when some file does not typecheck; the phase needs only what it imports.
  spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'bench', bench, 'tsconfig.built.json')], { stdio: 'ignore' });
  const phase = join(root, 'var/bench-built/bench', bench, `${file}.js`);
  if (!existsSync(phase)) throw new Error(`--built: tsc did not write ${phase}`);
  // src/db/migrate.ts finds the migrations two folders above itself: var/bench-built/migrations.
  const migrations = join(root, 'var/bench-built/migrations');
  if (!existsSync(migrations)) symlinkSync(join(root, 'migrations'), migrations);
  return phase;
}
