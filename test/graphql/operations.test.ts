/**
 * The GraphQL operations plentygate sends: valid against the checked-in subset (what codegen reads)
 * and against Magento Open Source 2.4 and Adobe Commerce 2.4.7 / 2.4.8, within Magento's default
 * depth (20) and complexity (300) limits, and the committed generated code is up to date.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kind, buildSchema, concatAST, parse, validate, visit } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkSubsetFidelity, loadReferenceSchema } from '../../src/graphql/schema/fidelity.js';
import { referenceFiles, referenceTexts, repoRoot } from '../support/magento-references.js';
import { MAGENTO_DEFAULT_LIMITS } from '../../src/sandbox/magento/graphql/index.js';
import { countFieldNodes, operationComplexity, operationDepth } from '../../src/sandbox/magento/graphql/limits.js';

const operationsDir = resolve(repoRoot, 'src/graphql/operations');

const subsetSdl = readFileSync(resolve(repoRoot, 'src/graphql/schema/magento.graphql'), 'utf8');
const files = readdirSync(operationsDir).filter((f) => f.endsWith('.graphql')).sort();
/** All files together: fragments live in one file and are spread in others, as codegen reads them. */
const documents: DocumentNode = concatAST(files.map((f) => parse(readFileSync(resolve(operationsDir, f), 'utf8'), { noLocation: true })));
const operations = documents.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
const fragments = new Map(
  documents.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
);

/** One operation with only the fragments it uses (transitively), as it is sent. */
function documentOf(operation: OperationDefinitionNode): DocumentNode {
  const used = new Set<string>();
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode): void =>
    void visit(node, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        collect(fragments.get(spread.name.value)!);
      },
    });
  collect(operation);
  return { kind: Kind.DOCUMENT, definitions: [operation, ...[...used].map((name) => fragments.get(name)!)] };
}

const names = operations.map((o) => o.name?.value ?? '(anonymous)');

describe('GraphQL operations', () => {
  it('are the ones the connector needs, all named', () => {
    expect(names.sort()).toEqual(['AvailableStores', 'CategoriesTree', 'CategoryLevel', 'CategoryRoot', 'ProductsBySkus', 'StoreConfig']);
  });

  it('validate against the checked-in subset', () => {
    const subset = buildSchema(subsetSdl);
    for (const operation of operations) {
      expect(validate(subset, documentOf(operation)).map((e) => e.message), operation.name?.value).toEqual([]);
    }
  });

  it.each(operations.map((o) => [o.name?.value ?? '', o] as const))('%s stays within depth 20 and complexity 300', (_, operation) => {
    const doc = documentOf(operation);
    expect(countFieldNodes(doc)).toBeLessThanOrEqual(MAGENTO_DEFAULT_LIMITS.maxComplexity);
    expect(operationDepth(operation, fragments)).toBeLessThanOrEqual(MAGENTO_DEFAULT_LIMITS.maxDepth);
    expect(operationComplexity(operation, fragments, {})).toBeLessThanOrEqual(MAGENTO_DEFAULT_LIMITS.maxComplexity);
  });
});

describe("GraphQL operations against Magento's schemas (reference/magento)", () => {
  const sdl = referenceTexts();

  it('rest on a subset that is faithful to all three references', () => {
    const references = sdl.map(({ file, text, authority }) => loadReferenceSchema(file, text, authority));
    for (const reference of references) expect(reference.conflicts, reference.name).toEqual([]);
    expect(checkSubsetFidelity(subsetSdl, references)).toEqual([]);
  });

  it.each(referenceFiles.map(([file]) => [file]))('validate against %s', (file) => {
    const schema = buildSchema(sdl.find((s) => s.file === file)!.text);
    for (const operation of operations) {
      expect(validate(schema, documentOf(operation)).map((e) => e.message), `${operation.name?.value} on ${file}`).toEqual([]);
    }
  });
});

describe('generated code', () => {
  it('is up to date: npm run codegen:check passes on a clean tree', async () => {
    const run = promisify(execFile);
    // Run the check directly (not through npm) so the test does not depend on npm's output.
    const bin = resolve(repoRoot, 'node_modules/.bin/graphql-codegen');
    const { stdout } = await run(bin, ['--config', 'codegen.ts', '--check'], {
      cwd: repoRoot,
      env: { ...process.env, MAGENTO_GRAPHQL_URL: '' },
    });
    expect(stdout).not.toContain('stale');
  }, 60_000);
});
