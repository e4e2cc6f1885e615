import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadReferenceSchema, type ReferenceSchema } from '../../src/graphql/schema/fidelity.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The Magento schemas beside the repository (`../shared/reference/magento`), when present. */
export const referenceDir = resolve(repoRoot, '../shared/reference/magento');
export const referenceFiles = [
  ['schema-2.4.graphql', 'open-source'],
  ['adobe-commerce-2.4.7.graphql', 'adobe-commerce'],
  ['adobe-commerce-2.4.8.graphql', 'adobe-commerce'],
] as const;
export const haveReferences = referenceFiles.every(([file]) => existsSync(resolve(referenceDir, file)));

/** Each reference's SDL text, read once. */
export function referenceTexts(): { file: string; authority: (typeof referenceFiles)[number][1]; text: string }[] {
  return referenceFiles.map(([file, authority]) => ({ file, authority, text: readFileSync(resolve(referenceDir, file), 'utf8') }));
}

export function loadReferences(): ReferenceSchema[] {
  return referenceTexts().map(({ file, text, authority }) => loadReferenceSchema(file, text, authority));
}
