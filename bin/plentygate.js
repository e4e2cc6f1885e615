#!/usr/bin/env node
// The built CLI (npm run build; a development `npm install` runs it through the prepare script).
import('../dist/cli/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/bin.js')) {
    process.stderr.write('plentygate is not built yet: run `npm run build` (needs the development dependencies: `npm install`).\n');
    process.exit(1);
  }
  throw error;
});
