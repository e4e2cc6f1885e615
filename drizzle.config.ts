import { defineConfig } from 'drizzle-kit';

// Migrations are generated from src/db/schema and applied by `plentygate migrate` (and at start-up of
// `serve` and `worker`) on PostgreSQL and on the embedded PGlite alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './migrations',
});
