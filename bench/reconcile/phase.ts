/**
 * One full stock import in a process of its own (started by run.ts once for the initial import and
 * once for the reconciliation), so its peak RSS is that run's alone: not the sandboxes', not an
 * earlier run's, not another catalog size's. Reads BENCH_TARGET (see database.ts), prints
 * `RESULT {json}` with the run's outcome, its seconds, the RSS before it started and the process's
 * peak RSS (the kernel's high-water mark, not a sample), then exits.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { createConnectors } from '../../src/connectors/services.js';
import { createCredentialStore } from '../../src/credentials/store.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { openDatabase } from '../../src/db/client.js';
import { ProfileRegistry } from '../../src/profiles/registry.js';
import { executeRun, type RunResult } from '../../src/profiles/runner.js';
import { stockImportType } from '../../src/profiles/types/plenty_stock_import/index.js';
import type { BenchTarget } from './database.js';
import { sampleMemory, type MemoryAtPeak } from './memory.js';

export interface PhaseResult {
  run: RunResult;
  seconds: number;
  /** RSS with the code loaded and the database connected, just before the run. */
  rssBeforeBytes: number;
  /** Highest RSS the process ever had. */
  peakRssBytes: number;
  /** CPU time (user + system) this process spent on the run: what the shared machine's load does not inflate. */
  cpuSeconds: number;
  /** The parts of the highest RSS sampled (memory.ts). */
  atPeak: MemoryAtPeak;
}

const target = JSON.parse(process.env.BENCH_TARGET ?? '') as BenchTarget;
const db = await openDatabase({ url: target.url, dataDir: target.dataDir });
const box = new SecretBox(Buffer.from(target.secretKey, 'hex'));
const credentials = createCredentialStore(db.db, box);
const connectors = createConnectors({ credentials: () => credentials, box: () => box, database: db, prefix: `bench:${randomUUID()}:` });
const deps = { db: db.db, registry: new ProfileRegistry([stockImportType]), log: pino({ level: 'silent' }), services: { connectors } };

await db.query('select 1'); // connected before "at start" is taken
const rssBeforeBytes = process.memoryUsage().rss;
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const memory = sampleMemory();
const run = await executeRun(deps, { profileId: target.profileId, trigger: 'manual', input: { mode: 'full' } });
const atPeak = memory.stop();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const result: PhaseResult = {
  run, seconds, rssBeforeBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024, cpuSeconds: (cpu.user + cpu.system) / 1e6, atPeak,
};

await connectors.close();
await db.close();
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
