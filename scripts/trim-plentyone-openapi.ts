/**
 * Writes reference/plentyone/openapi-v3.trimmed.json from PlentyONE's full OpenAPI description
 * (`openapi-v3.min.json`, 2.7 MB, 1,199 paths): only the paths plentygate uses, with every
 * component they reference, directly or through other components.
 *
 *   npx tsx scripts/trim-plentyone-openapi.ts <path to openapi-v3.min.json>
 *
 * The paths kept are the routes the PlentyONE sandbox serves, the routes the PlentyONE client names
 * (route patterns in src/connectors/plenty) and the few in EXTRA_PATHS. After adding a sandbox route
 * or a client call, run this again so test/sandbox/plenty-openapi.test.ts can check it.
 * Nothing else is changed: operations, examples and schemas are copied as they are.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCatalog } from '../src/sandbox/generator/index.js';
import { createPlentySandbox } from '../src/sandbox/plenty/index.js';

type Json = Record<string, unknown>;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'reference/plentyone/openapi-v3.trimmed.json');

/** Paths kept although neither the sandbox nor the client uses them yet (category profiles, order cancellation). */
const EXTRA_PATHS = [
  '/rest/categories/{id}/details',
  '/rest/categories/{id}/clients',
  '/rest/logout',
  '/rest/orders/{orderId}/cancel',
];

/** Route patterns (`'/rest/…'` literals) in the PlentyONE client's sources. */
function clientRoutes(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) found.push(...clientRoutes(file));
    else if (name.endsWith('.ts')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['`](\/rest\/[A-Za-z0-9_/{}?-]+)['`]/g)) found.push(m[1]!);
    }
  }
  return found;
}

function sandboxRoutes(): string[] {
  const sandbox = createPlentySandbox({ catalog: createCatalog({ seed: 1, variations: 10 }) });
  return sandbox.routes.map((r) => r.path);
}

/** Every `#/components/...` reference reachable from the kept paths. */
function referencedComponents(spec: Json, roots: unknown[]): Set<string> {
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        if (seen.has(value)) continue;
        seen.add(value);
        if (!value.startsWith('#/')) throw new Error(`external $ref ${value} is not supported`);
        let target: unknown = spec;
        for (const part of value.slice(2).split('/')) target = (target as Json | undefined)?.[part];
        if (target === undefined) throw new Error(`dangling $ref ${value}`);
        visit(target);
      } else visit(value);
    }
  };
  roots.forEach(visit);
  return seen;
}

function main(): void {
  const source = process.argv[2];
  if (!source) {
    process.stderr.write('usage: npx tsx scripts/trim-plentyone-openapi.ts <path to openapi-v3.min.json>\n');
    process.exit(2);
  }
  const spec = JSON.parse(readFileSync(source, 'utf8')) as Json & { paths: Record<string, Json>; components: Record<string, Json> };
  const wanted = new Set([...sandboxRoutes(), ...clientRoutes(join(root, 'src/connectors/plenty')), ...EXTRA_PATHS]);
  const unknown = [...wanted].filter((p) => !spec.paths[p]);
  if (unknown.length) {
    // Not an error: the fidelity test reports sandbox routes missing from the spec by name.
    process.stderr.write(`not in the spec (left out): ${unknown.sort().join(', ')}\n`);
  }
  const paths = Object.keys(spec.paths).filter((p) => wanted.has(p)).sort();
  const keptPaths = Object.fromEntries(paths.map((p) => [p, spec.paths[p]!]));
  const refs = referencedComponents(spec, [keptPaths]);
  const components: Record<string, Json> = {};
  for (const [kind, entries] of Object.entries(spec.components)) {
    // Security schemes are referenced by name, not by $ref: keep them all (they are tiny).
    const keep = kind === 'securitySchemes' ? Object.keys(entries) : Object.keys(entries).filter((n) => refs.has(`#/components/${kind}/${n}`));
    if (keep.length) components[kind] = Object.fromEntries(keep.sort().map((n) => [n, entries[n]]));
  }
  const operations = Object.values(keptPaths).flatMap((item) => Object.values(item) as Array<{ tags?: string[] } | undefined>);
  const usedTags = new Set(operations.flatMap((op) => op?.tags ?? []));
  const trimmed = {
    ...spec,
    tags: (spec.tags as Array<{ name: string }> | undefined)?.filter((t) => usedTags.has(t.name)),
    paths: keptPaths,
    components,
  };
  writeFileSync(output, `${JSON.stringify(trimmed, null, 1)}\n`);
  const schemaCount = Object.keys(components.schemas ?? {}).length;
  process.stdout.write(
    `${output}: ${paths.length} of ${Object.keys(spec.paths).length} paths, ${schemaCount} of ${Object.keys(spec.components.schemas ?? {}).length} schemas\n`,
  );
}

main();
