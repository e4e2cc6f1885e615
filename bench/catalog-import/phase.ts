/**
 * One item import run in a process of its own (started by run.ts for the initial import and again for
 * the delta), so its peak RSS is that run's alone: not the sandboxes', not an earlier run's. Reads
 * BENCH_TARGET (the database, the credentials' key, the profile) and BENCH_MODE (`full` or `delta`),
 * prints `RESULT {json}` with the run's outcome, its seconds, CPU seconds, the RSS before the run and
 * the process's peak RSS (the kernel's high-water mark, not a sample), then exits.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { createConnectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { openDatabase } from '../../src/db/client.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun, type RunResult } from '../../src/profiles/runner.js';
import { itemImportType } from '../../src/profiles/types/plenty_item_import/index.js';

export interface ImportTarget {
  url?: string | undefined;
  dataDir?: string | undefined;
  secretKey: string;
  profileId: number;
}

export interface ImportPhase {
  run: RunResult;
  seconds: number;
  cpuSeconds: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
}

const target = JSON.parse(process.env.BENCH_TARGET ?? '') as ImportTarget;
const mode = process.env.BENCH_MODE === 'delta' ? 'delta' : 'full';
const db = await openDatabase({ url: target.url, dataDir: target.dataDir });
const box = new SecretBox(Buffer.from(target.secretKey, 'hex'));
const credentials = createCredentialStore(db.db, box);
const connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `bench:${randomUUID()}:` });
const deps = { db: db.db, registry: new ProfileRegistry([itemImportType]), log: pino({ level: 'silent' }), services: { connectors } };

await db.query('select 1');
const rssBeforeBytes = process.memoryUsage().rss;
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const run = await executeRun(deps, { profileId: target.profileId, trigger: 'manual', input: { mode } });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const result: ImportPhase = { run, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssBeforeBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
await connectors.close();
await db.close();
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
