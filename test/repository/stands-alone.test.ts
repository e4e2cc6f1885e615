/**
 * The repository stands alone: no source, test, benchmark or script names a path outside it — neither
 * a relative path that climbs above the checkout nor a machine's absolute path — so a fresh clone runs
 * with nothing beside it. The reference documents the tests need are vendored in reference/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const folders = ['src', 'test', 'bench', 'scripts', 'bin', '.ci'];
const rootFiles = ['codegen.ts', 'drizzle.config.ts', 'vitest.config.ts', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'Dockerfile', 'compose.yaml'];
const textFile = /\.(ts|js|mjs|json|md|graphql|ya?ml|sh)$|^run$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'generated' ? [] : files(path);
    return textFile.test(name) ? [path] : [];
  });
}

const checked = [...folders.flatMap((f) => files(join(root, f))), ...rootFiles.map((f) => join(root, f))].filter((f) => f !== self);
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').map((text, i) => ({ at: `${relative(root, file)}:${i + 1}`, text }));

describe('the repository stands alone', () => {
  it('checks a real set of files', () => {
    expect(checked.length).toBeGreaterThan(200);
  });

  it('names no absolute path of a machine', () => {
    const machinePath = /(^|[\s'"`(=])(\/work\/|\/home\/|\/Users\/|\/root\/|[A-Z]:\\\\)/;
    const found = checked.flatMap(lines).filter((l) => machinePath.test(l.text)).map((l) => `${l.at}: ${l.text.trim()}`);
    expect(found).toEqual([]);
  });

  it('has no relative path that climbs out of the checkout', () => {
    const found: string[] = [];
    for (const file of checked) {
      for (const { at, text } of lines(file)) {
        for (const match of text.matchAll(/['"`]((?:\.\.\/)+[^'"`$]*)/g)) {
          const target = resolve(dirname(file), match[1]!);
          if (target !== root.replace(/[\\/]$/, '') && !target.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) found.push(`${at}: ${match[1]}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
