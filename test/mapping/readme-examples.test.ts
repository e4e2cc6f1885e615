/** The mapping examples of the README are configs a merchant copies: each must be accepted by its type. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMapping } from '../../src/mapping/profile-config.js';
import { builtinRegistry } from '../../src/profiles/registry.js';

describe('README mapping guide', () => {
  it('every example is a valid mapping of the type it is written for', async () => {
    const registry = await builtinRegistry();
    const text = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = text.slice(text.indexOf('### Mapping'), text.indexOf('## CLI'));
    const examples = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => (JSON.parse(`{${m[1]}}`) as { mapping: unknown }).mapping);
    const types = ['plenty_order_export', 'plenty_item_export', 'plenty_order_import', 'plenty_item_import', 'plenty_stock_import'];
    expect(examples).toHaveLength(types.length);
    examples.forEach((mapping, i) => expect(parseMapping(registry.get(types[i]!), mapping).problems).toEqual([]));
  });
});
