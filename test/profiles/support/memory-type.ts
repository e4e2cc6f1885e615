import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { z } from 'zod';
import type { Database } from '../../../src/db/client.js';
import { profiles } from '../../../src/db/schema/index.js';
import type { Outcome, ProfileType, RunContext } from '../../../src/profiles/profile-type.js';

/** A silent logger for runs under test. */
export const silentLog = pino({ level: 'silent' });

export const memoryConfig = z.object({
  batchSize: z.number({ error: 'batchSize must be a number' }).int().positive().optional(),
  /** The readiness check: a profile is only complete once the merchant sets this. */
  target: z.string().min(1, 'target must not be empty').optional(),
}).strict();
export type MemoryConfig = z.infer<typeof memoryConfig>;

export interface MemoryRecord {
  key: string;
  value: number;
}

export interface MemoryTypeOptions {
  /** How many source records (keys r1…rN), or the keys themselves. */
  records: number | string[];
  defaultBatchSize?: number;
  /** Records whose transform throws / whose validate reports problems / that process reports as failed. */
  failTransform?: string[];
  failValidate?: string[];
  failProcess?: string[];
  /** Records that process reports as skipped (unchanged). */
  skip?: string[];
  /** Records whose process call reports "updated" instead of "created". */
  update?: string[];
  /** Throws from process when it is called for the n-th time (1-based, counted across runs), once. */
  fatalAtProcessCall?: number;
  /** Throws from collect right after yielding this many records (counted per collect call), once. */
  fatalInCollectAfter?: number;
  /** Called at the start of every process call with the 1-based call number. */
  onProcess?: (call: number, batch: { key: string; record: MemoryRecord }[], ctx: RunContext<MemoryConfig>) => Promise<void>;
  /** Whether the type can estimate its total. */
  estimate?: boolean;
  /** Leave every n-th record without a checkpoint (as a source that only checkpoints per page does). */
  checkpointEvery?: number;
  /** Records collected with `endsBatch`. */
  endsBatch?: string[];
}

/** What a memory type did, for the tests to assert on. */
export interface MemoryTypeLog {
  /** Keys passed to process, in order, across all calls. */
  processed: string[];
  /** Batch sizes of process calls (records that reached process). */
  batches: number[];
  /** The checkpoint each collect call started from. */
  collectedFrom: unknown[];
  finished: { status: string; processed: number }[];
  processCalls: number;
}

/**
 * A profile type defined for the tests: collects from an in-memory array with index checkpoints, fails
 * chosen records in transform, validate or process, and throws fatal errors where told.
 */
export function memoryType(options: MemoryTypeOptions, id = uniqueTypeId()): { type: ProfileType<MemoryConfig, MemoryRecord, MemoryRecord>; log: MemoryTypeLog } {
  const keys = typeof options.records === 'number'
    ? Array.from({ length: options.records }, (_, i) => `r${i + 1}`)
    : options.records;
  const log: MemoryTypeLog = { processed: [], batches: [], collectedFrom: [], finished: [], processCalls: 0 };
  let collectFatalPending = options.fatalInCollectAfter !== undefined;
  const set = (list: string[] | undefined) => new Set(list ?? []);
  const failTransform = set(options.failTransform);
  const failValidate = set(options.failValidate);
  const failProcess = set(options.failProcess);
  const skip = set(options.skip);
  const update = set(options.update);
  const endsBatch = set(options.endsBatch);

  const type: ProfileType<MemoryConfig, MemoryRecord, MemoryRecord> = {
    id,
    name: `Memory ${id}`,
    entity: 'memory',
    direction: 'magento_to_plenty',
    configSchema: memoryConfig,
    readiness: (config) => (config.target ? [] : ['target: set the target the records are written to']),
    triggers: [{ source: 'magento', entity: id }],
    defaultBatchSize: options.defaultBatchSize ?? 10,
    stages: {
      async *collect(ctx, checkpoint) {
        log.collectedFrom.push(checkpoint);
        const start = typeof checkpoint === 'number' ? checkpoint + 1 : 0;
        const wanted = ctx.run.input.mode === 'ids' ? new Set(ctx.run.input.ids ?? []) : undefined;
        let yielded = 0;
        for (let i = start; i < keys.length; i++) {
          const key = keys[i]!;
          if (wanted && !wanted.has(key)) continue;
          const withCheckpoint = !options.checkpointEvery || (i + 1) % options.checkpointEvery === 0;
          yield { key, raw: { key, value: i }, ...(withCheckpoint ? { checkpoint: i } : {}), ...(endsBatch.has(key) ? { endsBatch: true } : {}) };
          yielded++;
          if (collectFatalPending && yielded === options.fatalInCollectAfter) {
            collectFatalPending = false;
            throw new Error('source connection reset');
          }
        }
      },
      ...(options.estimate ? { estimateTotal: async () => keys.length } : {}),
      transform(raw) {
        if (failTransform.has(raw.key)) throw new Error(`cannot transform ${raw.key}: price is missing`);
        return raw;
      },
      validate(record) {
        return failValidate.has(record.key) ? [`${record.key} has no SKU.`, 'Its name is empty.'] : [];
      },
      async process(batch, ctx) {
        log.processCalls++;
        const call = log.processCalls;
        await options.onProcess?.(call, batch, ctx);
        if (options.fatalAtProcessCall === call) throw new Error(`target unavailable (process call ${call})`);
        log.batches.push(batch.length);
        return batch.map(({ key }): Outcome => {
          log.processed.push(key);
          if (failProcess.has(key)) return { key, result: 'failed', reason: `target refused ${key}` };
          if (skip.has(key)) return { key, result: 'skipped', reason: 'unchanged' };
          return { key, result: update.has(key) ? 'updated' : 'created' };
        });
      },
      async finish(_ctx, summary) {
        log.finished.push({ status: summary.status, processed: summary.processed });
      },
    },
  };
  return { type, log };
}

/** A type whose sync is not built: no stages. */
export function stagelessType(id = uniqueTypeId()): ProfileType<MemoryConfig> {
  return {
    id, name: `Stageless ${id}`, entity: 'memory', direction: 'plenty_to_magento', configSchema: memoryConfig,
    triggers: [], defaultBatchSize: 10,
  };
}

export function uniqueTypeId(): string {
  return `test_${randomBytes(4).toString('hex')}`;
}

/** Inserts a profile row for a type directly (as seed or an older version would have stored it). */
export async function insertProfile(db: Database, typeId: string, config: Record<string, unknown> = {}, status: typeof profiles.$inferInsert['status'] = 'active') {
  const [row] = await db.insert(profiles).values({ typeId, name: typeId, config, status }).returning();
  return row!;
}
