/**
 * The production files: compose.yaml describes PostgreSQL 15, Redis 7, one `serve` and two `worker`s
 * with secrets from .env; the Dockerfile builds in one stage and runs production dependencies only as
 * a non-root user; its health check really answers against a running `serve` (started by `npm start`).
 * Images are not built here (no Docker engine in CI): these checks are what can be verified without one.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../src/config.js';
import { gatewaySettingsSchema } from '../../src/gateway/settings.js';
import { freePort } from '../../src/runtime/free-port.js';
import { cliEnvironment, waitForOutput } from '../cli/cli.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFileSync(resolve(repoRoot, file), 'utf8');
const settings = new Set([...Object.keys(configSchema.shape), ...Object.keys(gatewaySettingsSchema.shape)]);

type Service = {
  image?: string; build?: string; entrypoint?: string[]; command?: string[]; env_file?: string; ports?: string[];
  environment?: Record<string, string>; deploy?: { replicas?: number }; healthcheck?: { disable?: boolean; test?: string[] };
  depends_on?: Record<string, { condition: string }>;
};

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> };
  const { services } = compose;

  it('runs PostgreSQL 15, Redis 7, one serve and two workers of the same image', () => {
    expect(Object.keys(services).sort()).toEqual(['postgres', 'redis', 'serve', 'worker']);
    expect(services.postgres!.image).toBe('postgres:15');
    expect(services.redis!.image).toBe('redis:7');
    expect(services.serve!.command).toEqual(['serve', '--gateway-only']);
    expect(services.serve!.deploy?.replicas ?? 1).toBe(1);
    expect(services.worker!.command).toEqual(['worker']);
    expect(services.worker!.deploy?.replicas).toBe(2);
    for (const name of ['serve', 'worker']) {
      expect(services[name]!.build).toBe('.');
      expect(services[name]!.image).toBe('plentygate:latest');
    }
  });

  it('points plentygate at the two, starting it once both are healthy', () => {
    for (const name of ['serve', 'worker']) {
      const env = services[name]!.environment!;
      expect(new URL(env.DATABASE_URL!.replace(/\$\{[^}]+\}/g, 'secret')).host).toBe('postgres:5432');
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(services[name]!.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
    expect(services.postgres!.healthcheck?.test).toBeDefined();
    expect(services.redis!.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    // BullMQ refuses to run on a Redis that may evict its keys.
    expect(services.redis!.command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction']));
  });

  it('takes secrets from .env, never from the file itself', () => {
    for (const name of ['serve', 'worker']) expect(services[name]!.env_file).toBe('.env');
    const text = read('compose.yaml');
    for (const key of ['POSTGRES_PASSWORD', 'PLENTYGATE_SECRET_KEY']) {
      expect(text).toContain(`\${${key}:?`); // compose refuses to start while it is unset
    }
    expect(services.postgres!.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it('sets only real plentygate settings, and so does the .env template', () => {
    for (const name of ['serve', 'worker']) {
      for (const key of Object.keys(services[name]!.environment!)) expect(settings, key).toContain(key);
    }
    const template = read('.env.example').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')[0]!);
    expect(template).toContain('POSTGRES_PASSWORD');
    for (const key of template.filter((k) => k !== 'POSTGRES_PASSWORD')) expect(settings, key).toContain(key);
  });

  it('starts the gateway as npm run start:gateway does, with a young generation the workers do not get', () => {
    // A gateway-only process holds no catalogue: 16 MB semi-spaces (README "Memory"), the workers the
    // image's 4 MB.
    const gateway = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['start:gateway']!.split(' ');
    expect([...services.serve!.entrypoint!, ...services.serve!.command!]).toEqual(gateway);
    expect(gateway).toContain('--max-semi-space-size=16');
    expect(services.worker!.entrypoint).toBeUndefined();
  });

  it('checks the gateway health of serve only (a worker serves no HTTP)', () => {
    expect(services.serve!.healthcheck).toBeUndefined(); // the image's own check applies
    expect(services.worker!.healthcheck).toEqual({ disable: true });
  });
});

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const stages = text.split(/^FROM /m).slice(1);

  it('builds on node:20-slim and runs production dependencies only, as a non-root user', () => {
    expect(stages).toHaveLength(2);
    for (const stage of stages) expect(stage.split('\n')[0]).toMatch(/^node:20-slim\b/);
    const [build, runtime] = stages as [string, string];
    expect(build).toMatch(/^RUN npm ci\b/m);
    expect(build).toMatch(/^RUN npm run build$/m);
    expect(runtime).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist dist$/m);
    expect(runtime).toMatch(/^USER node$/m);
    // The production start: the V8 memory flags of `npm start` (README "Memory"), then the CLI.
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start.split(' ');
    expect(start.slice(0, -2).join(' ')).toMatch(/^node --max-semi-space-size=\d+ --heap-growing-percent=\d+$/);
    expect(JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(runtime)![1]!)).toEqual(start.slice(0, -1));
    expect(runtime).toMatch(/^CMD \["serve"\]$/m);
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const sources = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'bin', 'migrations', 'scripts/prepare.js', 'patches']));
    for (const source of sources) {
      expect(existsSync(resolve(repoRoot, source)), source).toBe(true);
      expect(ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`)), source).toEqual([]);
    }
  });

  describe('its health check, against a gateway started with npm start', () => {
    let cli: Awaited<ReturnType<typeof cliEnvironment>>;
    beforeAll(async () => {
      cli = await cliEnvironment({ engine: 'pglite' });
    });
    afterAll(async () => cli?.cleanup());

    const healthcheck = JSON.parse(/^\s*CMD (\[.*\])$/m.exec(text.split('HEALTHCHECK')[1]!)![1]!) as string[];
    const check = (port: number) =>
      spawnSync(process.execPath, healthcheck.slice(1), { env: { PATH: process.env.PATH, PORT: String(port) }, timeout: 20_000 }).status;

    it('passes while serve runs and fails when nothing answers', { timeout: 240_000 }, async () => {
      expect(healthcheck[0]).toBe('node');
      const port = await freePort();
      expect(check(port)).toBe(1);
      // Its own process group, so that npm and the plentygate under it stop together.
      const child = spawn('npm', ['start', '--silent'], {
        cwd: repoRoot, detached: true, env: { ...cli.env, PORT: String(port), HOST: '127.0.0.1' },
      });
      try {
        await waitForOutput(child, /plentygate serve running on http:\/\/127\.0\.0\.1:\d+/, 120_000);
        expect(check(port)).toBe(0);
      } finally {
        process.kill(-child.pid!, 'SIGTERM');
      }
      await new Promise((done) => child.on('exit', done));
    });
  });
});
