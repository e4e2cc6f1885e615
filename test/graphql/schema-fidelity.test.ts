import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkSubsetFidelity, loadReferenceSchema } from '../../src/graphql/schema/fidelity.js';
import { loadReferences, repoRoot } from '../support/magento-references.js';

const subsetPath = resolve(repoRoot, 'src/graphql/schema/magento.graphql');

const subset = readFileSync(subsetPath, 'utf8');

describe('the Magento GraphQL subset', () => {
  it('is standalone SDL that graphql-js builds', () => {
    const schema = buildSchema(subset);
    expect(schema.getQueryType()?.getFields()).toHaveProperty('products');
    expect(schema.getMutationType()?.getFields()).toHaveProperty('placeOrder');
  });
});

describe("subset fidelity against Magento's schemas (reference/magento)", () => {
  const references = loadReferences();

  it('merges the reference schemas without conflicting re-declarations', () => {
    for (const reference of references) expect(reference.conflicts, reference.name).toEqual([]);
  });

  it('uses only types, fields, arguments and values that exist with the same type in all three', () => {
    expect(checkSubsetFidelity(subset, references)).toEqual([]);
  });

  it('fails when a field that is not in the references is added', () => {
    const bad = subset.replace('type StoreConfig {', 'type StoreConfig {\n  plentygate_banana: String');
    expect(checkSubsetFidelity(bad, references)).toEqual([
      'StoreConfig.plentygate_banana: field missing in schema-2.4.graphql',
      'StoreConfig.plentygate_banana: field missing in adobe-commerce-2.4.7.graphql',
      'StoreConfig.plentygate_banana: field missing in adobe-commerce-2.4.8.graphql',
    ]);
  });

  it('fails on a field only one Adobe Commerce version has, and on a nullability change', () => {
    const bad = `
      type Query { products: Products }
      type Products { total_count: Int! items: [ProductInterface] }
      interface ProductInterface { sku: String quantity: Float }
    `;
    expect(checkSubsetFidelity(bad, references)).toEqual([
      'Products.total_count: type Int! but adobe-commerce-2.4.7.graphql has Int',
      'Products.total_count: type Int! but adobe-commerce-2.4.8.graphql has Int',
      'ProductInterface.quantity: field missing in adobe-commerce-2.4.7.graphql',
    ]);
  });
});

describe('the fidelity checker on tiny schemas', () => {
  const openSource = loadReferenceSchema(
    'os',
    `
      type Query { items(page: Int = 1, filter: Filter): [Item!]! }
      type Item implements Named { name: String! kind: Kind }
      # Magento modules re-declare types instead of extending them; the checker merges them.
      type Item implements Priced { price: Float }
      interface Named { name: String! }
      interface Priced { price: Float }
      enum Kind { A B }
      input Filter { sku: String! name: String }
    `,
    'open-source',
  );
  const adobe = loadReferenceSchema(
    'adobe',
    `
      type Query { items(page: Int = 1, filter: Filter): [Item]! }
      type Item implements Named & Priced { name: String! kind: Kind price: Float }
      interface Named { name: String! }
      interface Priced { price: Float }
      enum Kind { A B }
      input Filter { sku: String! name: String }
    `,
    'adobe-commerce',
  );
  const references = [openSource, adobe];
  const good = `
    type Query { items(page: Int = 1, filter: Filter): [Item]! }
    type Item implements Named & Priced { name: String! kind: Kind price: Float }
    interface Named { name: String! }
    interface Priced { price: Float }
    enum Kind { A }
    input Filter { sku: String! }
  `;

  it('accepts a faithful subset, taking Adobe Commerce nullability where the references differ', () => {
    expect(checkSubsetFidelity(good, references)).toEqual([]);
  });

  it('rejects Open Source nullability where Adobe Commerce differs', () => {
    const bad = good.replace('[Item]!', '[Item!]!');
    expect(checkSubsetFidelity(bad, references)).toEqual(['Query.items: type [Item!]! but adobe has [Item]!']);
  });

  it('rejects a changed named type even against the Open Source reference', () => {
    const bad = good.replace('price: Float', 'price: String');
    expect(checkSubsetFidelity(bad, references)).toEqual([
      'Item.price: type String but os has Float (differs beyond nullability)',
      'Item.price: type String but adobe has Float',
    ]);
  });

  it('rejects unknown arguments, enum values, interfaces, types and changed defaults', () => {
    const bad = `
      type Query { items(page: Int = 2, size: Int, filter: Filter): [Item]! }
      type Item implements Named & Sized { name: String! kind: Kind }
      interface Named { name: String! }
      interface Sized { size: Int }
      enum Kind { A C }
      input Filter { sku: String! }
    `;
    expect(checkSubsetFidelity(bad, [adobe])).toEqual([
      'Query.items(page): default 2 but adobe has 1',
      'Query.items(size): argument missing in adobe',
      'Item: implements Sized, not in adobe',
      'Sized: type missing in adobe',
      'Kind.C: enum value missing in adobe',
    ]);
  });

  it('rejects a subset that omits a required input field', () => {
    const bad = good.replace('input Filter { sku: String! }', 'input Filter { name: String }');
    expect(checkSubsetFidelity(bad, [adobe])).toEqual(['Filter: omits input field sku that adobe requires (String!)']);
  });
});
