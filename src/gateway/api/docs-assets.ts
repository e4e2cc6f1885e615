import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { swaggerUI } from '@hono/swagger-ui';
import type { OpenAPIHono } from '@hono/zod-openapi';

/** Where Swagger UI's files are served from: by plentygate itself, so the page works offline. */
export const SWAGGER_ASSETS_BASE = '/api/docs/assets';

// @hono/swagger-ui builds the asset URLs as `<baseUrl>/swagger-ui-dist/<file>`.
const served: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/**
 * Swagger UI at /api/docs with its CSS and script read from the installed `swagger-ui-dist` package
 * (each file read once, then kept in memory) instead of a CDN, so the page needs no internet access.
 */
export function docsRoutes(app: OpenAPIHono): void {
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Promise<Buffer>>();
  app.get(`${SWAGGER_ASSETS_BASE}/swagger-ui-dist/:file`, async (c) => {
    const file = c.req.param('file');
    const type = served[file];
    if (!type) return c.notFound();
    let body = cache.get(file);
    if (!body) {
      body = readFile(join(dist, file));
      cache.set(file, body);
      body.catch(() => cache.delete(file));
    }
    // The version is in the package, not the URL: a day of caching, then the browser asks again.
    return c.body(new Uint8Array(await body), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
  app.get('/api/docs', swaggerUI({ url: '/api/openapi.json', baseUrl: SWAGGER_ASSETS_BASE, title: 'plentygate admin API' }));
}
