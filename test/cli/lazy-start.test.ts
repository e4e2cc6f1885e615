/**
 * `--help`, `--version` and usage errors answer without loading what only running a command needs (the
 * nine profile types, the connectors, the sandboxes, the database drivers): the CLI's command modules
 * import those when their action runs. Loading them all took about a second before any output.
 * Which modules a CLI process loaded is recorded by a module hook (NODE_OPTIONS=--import).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'plentygate-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The URLs of the ES modules a CLI invocation loaded, and its result. */
async function loadedBy(args: string[]) {
  const list = join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(list, '');
  const hooks = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(${JSON.stringify(list)}, url + '\\n'); return next(url, context); }`;
  const hooksFile = join(dir, 'hooks.mjs');
  writeFileSync(hooksFile, hooks);
  const register = join(dir, `register-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooksFile).href)});\n`);
  const result = await runCli(args, { PATH: process.env.PATH, HOME: dir, PLENTYGATE_DATA_DIR: join(dir, 'data'), NODE_OPTIONS: `--import ${pathToFileURL(register).href}` }, dir);
  return { result, modules: readFileSync(list, 'utf8').split('\n').filter(Boolean) };
}

const heavy = [/\/dist\/profiles\/types\//, /\/dist\/connectors\//, /\/dist\/sandbox\/(plenty|magento)\/index\.js$/, /\/dist\/runtime\/open\.js$/, /\/node_modules\/(@electric-sql\/pglite|postgres|bullmq)\//];
const heavyIn = (modules: string[]) => modules.filter((url) => heavy.some((pattern) => pattern.test(url)));

describe('CLI start-up', () => {
  it('answers --help, a command\'s --help and a usage error without loading profile types, connectors, sandboxes or database drivers', { timeout: 60_000 }, async () => {
    for (const args of [['--help'], ['profile:run', '--help'], ['sandbox', '--help'], ['profile:run', '--ids']]) {
      const { result, modules } = await loadedBy(args);
      expect(result.code, args.join(' ')).toBe(args.includes('--help') ? 0 : 2);
      expect(result.stdout + result.stderr, args.join(' ')).toMatch(args.includes('--help') ? /Usage: plentygate/ : /argument missing/);
      expect(modules.some((url) => url.endsWith('/dist/cli/main.js')), args.join(' ')).toBe(true);
      expect(heavyIn(modules), args.join(' ')).toEqual([]);
    }
  });

  it('loads a profile type once a command needs one', { timeout: 60_000 }, async () => {
    const { result, modules } = await loadedBy(['profile:schema', '--type', 'plenty_stock_import', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty('properties.warehouseMapping');
    expect(modules.some((url) => url.includes('/dist/profiles/types/plenty_stock_import/'))).toBe(true);
  });
});
