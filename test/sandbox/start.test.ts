import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSandboxCommand } from '../../src/cli/commands/sandbox.js';
import { UsageError } from '../../src/cli/context.js';
import { startSandboxes } from '../../src/sandbox/start.js';
import type { StartedSandboxes } from '../../src/sandbox/start.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted structurally
const json = (res: Response): Promise<any> => res.json();

describe('startSandboxes', () => {
  let sb: StartedSandboxes;

  beforeAll(async () => {
    sb = await startSandboxes({
      seed: 7,
      variations: 300,
      plan: 'plus',
      plentyFaults: ['GET /rest/orders/statuses:error:503'],
    });
  });
  afterAll(async () => {
    await sb.close();
  });

  it('serves PlentyONE and Magento on their own ports from one catalog', async () => {
    expect(sb.plenty.port).not.toBe(sb.magento.port);
    const sku = sb.catalog.variation(5).sku;

    const login = await fetch(`${sb.plenty.url}/rest/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sandbox', password: 'sandbox' }),
    });
    expect(login.status).toBe(200);
    const token = (await json(login)).access_token as string;
    const variations = await fetch(`${sb.plenty.url}/rest/items/variations?numberExact=${sku}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(variations.status).toBe(200);
    expect((await json(variations)).entries[0]).toMatchObject({ number: sku, id: 1005 });

    const product = await fetch(`${sb.magento.url}/rest/V1/products/${sku}`, {
      headers: { authorization: 'Bearer sandbox' },
    });
    expect(product.status).toBe(200);
    expect(await json(product)).toMatchObject({ sku });
    const refused = await fetch(`${sb.magento.url}/rest/V1/products/${sku}`, { headers: { authorization: 'Bearer wrong' } });
    expect(refused.status).toBe(401);
  });

  it('applies the initial fault rules', async () => {
    const res = await fetch(`${sb.plenty.url}/rest/orders/statuses`);
    expect(res.status).toBe(503);
  });

  it('counts calls per sandbox through /_sandbox/requests', async () => {
    await fetch(`${sb.plenty.url}/_sandbox/requests`, { method: 'DELETE' });
    await fetch(`${sb.magento.url}/_sandbox/requests`, { method: 'DELETE' });
    for (let i = 0; i < 3; i++) {
      await fetch(`${sb.magento.url}/rest/V1/products/${sb.catalog.variation(i).sku}`, {
        headers: { authorization: 'Bearer sandbox' },
      });
    }
    await fetch(`${sb.plenty.url}/rest/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sandbox', password: 'nope' }),
    });
    const magento = await json(await fetch(`${sb.magento.url}/_sandbox/requests`));
    const plenty = await json(await fetch(`${sb.plenty.url}/_sandbox/requests`));
    expect(magento.total).toBe(3);
    expect(Object.values(magento.byRoute)).toEqual([3]);
    expect(plenty.total).toBe(1);
    expect(plenty.byRoute).toEqual({ 'POST /rest/login': 1 });
    expect((await fetch(`${sb.plenty.url}/_sandbox/state`)).status).toBe(200);
    expect((await fetch(`${sb.magento.url}/_sandbox/state`)).status).toBe(200);
  });
});

describe('plentygate sandbox command', () => {
  it('prints URLs and credentials, serves, and stops cleanly on SIGTERM', async () => {
    const script = [
      "import { Command } from 'commander';",
      "import { registerSandboxCommand } from './src/cli/commands/sandbox.ts';",
      "const program = new Command('plentygate');",
      'registerSandboxCommand(program);',
      "await program.parseAsync(['node', 'plentygate', 'sandbox', '--plenty-port', '0', '--magento-port', '0', '--variations', '50', '--seed', '3', '--fault', 'GET /rest/V1/store/*:error:502']);",
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Press Ctrl-C')) resolve();
      });
      child.on('exit', () => reject(new Error(`sandbox command exited early:\n${out}\n${err}`)));
    });
    expect(out).toMatch(/PlentyONE sandbox\s+http:\/\/127\.0\.0\.1:\d+\/rest/);
    expect(out).toContain('"username":"sandbox","password":"sandbox"');
    expect(out).toContain('Authorization: Bearer sandbox');
    expect(out).toContain('/_sandbox');
    const magentoUrl = /Magento sandbox\s+(http:\/\/127\.0\.0\.1:\d+)\/rest\/V1/.exec(out)?.[1];
    expect(magentoUrl).toBeDefined();
    const faulted = await fetch(`${magentoUrl}/rest/V1/store/storeViews`, { headers: { authorization: 'Bearer sandbox' } });
    expect(faulted.status).toBe(502);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('rejects a malformed fault spec before starting anything', async () => {
    const program = new Command('plentygate').exitOverride();
    registerSandboxCommand(program);
    const failure = program.parseAsync(['node', 'plentygate', 'sandbox', '--plenty-port', '0', '--fault', 'GET /x:explode']);
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow(/--fault "GET \/x:explode": invalid fault rule: spec: no fault kind/);
  });

  it('rejects a bad port or size', async () => {
    for (const args of [['--plenty-port', 'x'], ['--variations', '0'], ['--magento-port', '70000']]) {
      const program = new Command('plentygate').exitOverride();
      registerSandboxCommand(program);
      await expect(program.parseAsync(['node', 'plentygate', 'sandbox', ...args])).rejects.toThrow(UsageError);
    }
  });
});
