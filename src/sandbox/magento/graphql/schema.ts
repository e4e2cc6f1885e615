/**
 * The executable schema: the SDL subset in src/graphql/schema/magento.graphql (the same file the
 * Magento client's codegen reads), plus BundleProduct, with the sandbox's resolvers attached to its
 * root fields. Every other field is read from the plain view objects the resolvers return (graphql-js default
 * resolver; function-valued fields are computed only when selected, `__typename` picks the
 * concrete type of an interface).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { cartView } from './cart-view.js';
import { resolveCategories, resolveCategoryList } from './categories-query.js';
import type { CategoriesArgs } from './categories-query.js';
import { checkoutMutations, guestCart } from './checkout.js';
import type { GraphqlContext } from './context.js';
import { resolveProducts } from './products-query.js';
import type { ProductsArgs } from './products-query.js';
import { resolveAvailableStores, storeConfigView } from './store-config.js';

/**
 * Next to the sources (tsx, vitest, or a build that copies .graphql files), or — compiled to
 * dist/sandbox/magento/graphql by tsconfig.build.json — back in the repository's src tree.
 */
const SDL_CANDIDATES = ['../../../graphql/schema/magento.graphql', '../../../../src/graphql/schema/magento.graphql'];

export function magentoSdlPath(): string {
  for (const candidate of SDL_CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('src/graphql/schema/magento.graphql not found next to the Magento sandbox');
}

type RootResolver = (args: never, ctx: GraphqlContext) => unknown;

function attach(type: GraphQLObjectType | null | undefined, resolvers: Record<string, RootResolver>): void {
  if (!type) throw new Error('schema subset lacks a root type');
  const fields = type.getFields();
  for (const [name, resolve] of Object.entries(resolvers)) {
    const field = fields[name];
    if (!field) throw new Error(`schema subset lacks root field ${type.name}.${name}`);
    field.resolve = (_source, args, ctx: GraphqlContext) => resolve(args as never, ctx);
  }
}

/**
 * The client's subset has no BundleProduct, which Magento answers for a bundle. The sandbox adds it
 * with SimpleProduct's fields (all of them BundleProduct's in the Adobe Commerce 2.4 references,
 * where it implements the same interfaces), so a bundle resolves instead of failing the query; no
 * `items` (options) yet.
 */
export function withBundleProduct(sdl: string): string {
  if (/\btype BundleProduct\b/.test(sdl)) return sdl;
  const simple = /\btype SimpleProduct (implements [^{]*)\{([^}]*)\}/.exec(sdl);
  if (!simple) throw new Error('schema subset lacks SimpleProduct');
  return `${sdl}\ntype BundleProduct ${simple[1]}{${simple[2]}}\n`;
}

let cached: GraphQLSchema | undefined;

/** Built once per process: the schema holds no state, the context carries the store. */
export function sandboxSchema(): GraphQLSchema {
  if (cached) return cached;
  const schema = buildSchema(withBundleProduct(readFileSync(magentoSdlPath(), 'utf8')));
  attach(schema.getQueryType(), {
    products: (args: ProductsArgs, ctx) => resolveProducts(args, ctx),
    categories: (args: CategoriesArgs, ctx) => resolveCategories(args, ctx),
    categoryList: (args: CategoriesArgs, ctx) => resolveCategoryList(args, ctx),
    storeConfig: (_args: never, ctx) => storeConfigView(ctx.view, ctx),
    availableStores: (args: { useCurrentGroup?: boolean | null }, ctx) => resolveAvailableStores(args, ctx),
    cart: (args: { cart_id: string }, ctx) => cartView(guestCart(args.cart_id, ctx), ctx),
  });
  attach(schema.getMutationType(), checkoutMutations as unknown as Record<string, RootResolver>);
  cached = schema;
  return schema;
}
