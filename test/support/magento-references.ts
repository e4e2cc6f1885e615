import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadReferenceSchema, type ReferenceSchema } from '../../src/graphql/schema/fidelity.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Magento's published schemas and example payloads, vendored (reference/README.md says from where). */
export const referenceDir = resolve(repoRoot, 'reference/magento');
export const referenceFiles = [
  ['schema-2.4.graphql', 'open-source'],
  ['adobe-commerce-2.4.7.graphql', 'adobe-commerce'],
  ['adobe-commerce-2.4.8.graphql', 'adobe-commerce'],
] as const;

/** Each reference's SDL text. */
export function referenceTexts(): { file: string; authority: (typeof referenceFiles)[number][1]; text: string }[] {
  return referenceFiles.map(([file, authority]) => ({ file, authority, text: readFileSync(resolve(referenceDir, file), 'utf8') }));
}

export function loadReferences(): ReferenceSchema[] {
  return referenceTexts().map(({ file, text, authority }) => loadReferenceSchema(file, text, authority));
}

/** The raw text of an example payload from Adobe's documentation (reference/magento/examples). */
export function magentoExampleText(name: string): string {
  return readFileSync(resolve(referenceDir, 'examples', name), 'utf8');
}

/** An example payload from Adobe's documentation, parsed. */
export function magentoExample(name: string): any {
  return JSON.parse(magentoExampleText(name));
}
