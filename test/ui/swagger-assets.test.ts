import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../gateway/support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { PLENTYGATE_API_TOKENS: 'tok-docs' } });
}, 180_000);
afterAll(async () => {
  await h?.close();
});

describe('Swagger UI', () => {
  it('loads its CSS and script from plentygate itself, not from a CDN', async () => {
    const page = await (await fetch(`${h.url}/api/docs`)).text();
    expect(page).not.toMatch(/https?:\/\//);
    const assets = [...page.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining([
      '/api/docs/assets/swagger-ui-dist/swagger-ui.css', '/api/docs/assets/swagger-ui-dist/swagger-ui-bundle.js',
    ]));
    const css = await fetch(`${h.url}/api/docs/assets/swagger-ui-dist/swagger-ui.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('.swagger-ui');
    const js = await fetch(`${h.url}/api/docs/assets/swagger-ui-dist/swagger-ui-bundle.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).toContain('SwaggerUIBundle');
  });

  it('serves only the files the page uses', async () => {
    for (const file of ['package.json', '..%2F..%2Fpackage.json', 'index.html']) {
      expect((await fetch(`${h.url}/api/docs/assets/swagger-ui-dist/${file}`)).status).toBe(404);
    }
  });
});
