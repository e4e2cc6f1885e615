/** zod schemas of the PlentyONE answers plentygate relies on; TypeScript types are inferred from them. */
export * from './common.js';
export * from './auth.js';
export * from './stock.js';
export * from './variations.js';
export * from './orders.js';
export * from './accounts.js';
export * from './categories.js';
