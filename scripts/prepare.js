#!/usr/bin/env node
/**
 * npm's `prepare` step (after `npm install` / `npm ci` in a checkout, and before `npm pack`).
 *
 * A development install has the TypeScript compiler, so it builds the CLI into dist/ and
 * `npx plentygate` works right after `npm install`. A production install (`npm ci --omit=dev`)
 * has no compiler and must not need one: it runs the dist/ built beforehand (the Docker image's
 * build stage, a packed tarball), so the build is skipped, and it says so when there is no dist/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(resolve(root, 'package.json'));

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  if (!existsSync(resolve(root, 'dist/cli/bin.js'))) {
    process.stderr.write(
      'plentygate: TypeScript is not installed (production install), so dist/ was not built.\n' +
        'Build it where the development dependencies are installed (`npm ci && npm run build`) and copy dist/ here.\n',
    );
  }
  process.exit(0);
}

const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
