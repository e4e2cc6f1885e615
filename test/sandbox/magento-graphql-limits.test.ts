import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphqlSandbox } from './magento-graphql-server.js';
import type { GraphqlSandbox } from './magento-graphql-server.js';

/** `{ products(filter: ...) { items { categories { children { children ... { name } } } } } }`. */
function nestedQuery(levels: number): string {
  let inner = 'name';
  for (let i = 0; i < levels; i++) inner = `children { ${inner} }`;
  return `{ categories { items { ${inner} } } }`;
}

/** n selected fields, written out (aliases of one field count once each, as in Magento). */
function wideQuery(fields: number): string {
  const aliases = Array.from({ length: fields - 1 }, (_, i) => `f${i}: store_code`).join(' ');
  return `{ storeConfig { ${aliases} } }`;
}

describe('Magento GraphQL sandbox: limits and errors like Magento', () => {
  let sandbox: GraphqlSandbox;

  beforeAll(async () => {
    sandbox = await startGraphqlSandbox({ variations: 50 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('accepts depth 20 and answers depth 21 with "Max query depth should be 20 but got 21."', async () => {
    // categories(0) items(1) children(2..): 19 levels of children reach depth 20.
    const ok = await sandbox.gql(nestedQuery(19));
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();

    const tooDeep = await sandbox.gql(nestedQuery(20));
    expect(tooDeep.status).toBe(200);
    expect(tooDeep.body).toEqual({
      errors: [{ message: 'Max query depth should be 20 but got 21.', extensions: { category: 'graphql' } }],
    });
  });

  it('accepts 300 fields and answers 301 with "Max query complexity should be 300 but got 301."', async () => {
    const ok = await sandbox.gql(wideQuery(300));
    expect(ok.body.errors).toBeUndefined();

    // Magento counts the fields written in the document before validating (an input error).
    const tooWide = await sandbox.gql(wideQuery(301));
    expect(tooWide.status).toBe(200);
    expect(tooWide.body).toEqual({
      errors: [{ message: 'Max query complexity should be 300 but got 301.', extensions: { category: 'graphql-input' } }],
    });
  });

  it('counts fragments at every spread for the validation-time complexity check', async () => {
    // 103 fields written (under the pre-check), 3 + 3 * 100 = 303 once the fragment is spread 3 times.
    const fields = Array.from({ length: 100 }, (_, i) => `f${i}: store_code`).join(' ');
    const query = `{ storeConfig { ...A } s2: storeConfig { ...A } s3: storeConfig { ...A } }
      fragment A on StoreConfig { ${fields} }`;
    const { body } = await sandbox.gql(query);
    expect(body).toEqual({
      errors: [{ message: 'Max query complexity should be 300 but got 303.', extensions: { category: 'graphql' } }],
    });
  });

  it('answers syntax errors with HTTP 400 and validation errors with category graphql', async () => {
    const syntax = await sandbox.gql('{ storeConfig { store_code }');
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Syntax Error:/), extensions: { category: 'graphql' } });

    const unknown = await sandbox.gql('{ storeConfig { plentygate_banana } }');
    expect(unknown.status).toBe(200);
    expect(unknown.body.errors?.[0]).toMatchObject({
      message: 'Cannot query field "plentygate_banana" on type "StoreConfig".',
      extensions: { category: 'graphql' },
      locations: [{ line: 1, column: 17 }],
    });
  });

  it('answers resolver errors with Magento categories and a null field', async () => {
    const { status, body } = await sandbox.gql('{ products(pageSize: 0, filter: { sku: { eq: "x" } }) { total_count } }');
    expect(status).toBe(200);
    expect(body).toEqual({
      errors: [
        {
          message: 'pageSize value must be greater than 0.',
          extensions: { category: 'graphql-input' },
          locations: [{ line: 1, column: 3 }],
          path: ['products'],
        },
      ],
      data: { products: null },
    });
    const cart = await sandbox.gql('{ cart(cart_id: "nope") { id } }');
    expect(cart.body.errors?.[0]).toMatchObject({
      message: 'Could not find a cart with ID "nope"',
      extensions: { category: 'graphql-no-such-entity' },
    });
  });

  it('refuses mutations over GET and allows introspection', async () => {
    const get = await fetch(`${sandbox.url}/graphql?query=${encodeURIComponent('mutation { createEmptyCart }')}`);
    expect(await get.json()).toEqual({
      errors: [{ message: 'Mutation requests allowed only for POST requests', extensions: { category: 'graphql-input' } }],
    });
    const types = await sandbox.gql('{ __schema { queryType { name } } __type(name: "ProductInterface") { kind } }');
    expect(types.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } }, __type: { kind: 'INTERFACE' } } });
  });

  it('serves queries over GET and wants JSON for POST', async () => {
    const get = await fetch(`${sandbox.url}/graphql?query=${encodeURIComponent('{ storeConfig { store_code } }')}`, {
      headers: { Store: 'de' },
    });
    expect(await get.json()).toEqual({ data: { storeConfig: { store_code: 'de' } } });
    const form = await fetch(`${sandbox.url}/graphql`, { method: 'POST', body: 'query={storeConfig{store_code}}', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await form.json()).toEqual({
      errors: [{ message: 'Request content type must be application/json', extensions: { category: 'graphql-input' } }],
    });
  });
});

describe('Magento GraphQL sandbox: configurable limits', () => {
  let sandbox: GraphqlSandbox;

  beforeAll(async () => {
    sandbox = await startGraphqlSandbox({ variations: 10, graphql: { maxDepth: 3, maxComplexity: 10 } });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('uses the configured depth and complexity in checks and messages', async () => {
    const deep = await sandbox.gql(nestedQuery(3));
    expect(deep.body.errors?.[0]?.message).toBe('Max query depth should be 3 but got 4.');
    const wide = await sandbox.gql(wideQuery(11));
    expect(wide.body.errors?.[0]?.message).toBe('Max query complexity should be 10 but got 11.');
  });
});
