import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { LinkStore } from './links.js';
import type { StateStore } from './state.js';
import type { MappingAdapter } from '../mapping/fields.js';
import type { RecordPreview } from '../mapping/preview.js';

/**
 * The profile-type plugin interface. A profile type declares what it syncs, its configuration schema
 * (with defaults), which normalized events trigger it, and its run stages. The runner drives the
 * stages: collect → transform → validate → process → update → log.
 */

export const profileTypeIds = [
  'plenty_category_export',
  'plenty_category_import',
  'plenty_item_export',
  'plenty_item_import',
  'plenty_order_export',
  'plenty_order_import',
  'plenty_stock_import',
  'plenty_customer_export',
  'plenty_customer_import',
] as const;
export type ProfileTypeId = (typeof profileTypeIds)[number];

export type Direction = 'magento_to_plenty' | 'plenty_to_magento';
export type EventSource = 'magento' | 'plenty';

/** What the gateway turns every accepted webhook into (e.g. magento/order/saved/[increment id]). */
export interface NormalizedEvent {
  source: EventSource;
  entity: string;
  kind: string;
  keys: string[];
}

/** A profile listens to events of this source and entity (and, if given, only these kinds). */
export interface EventTrigger {
  source: EventSource;
  entity: string;
  kinds?: string[];
}

export type RunTrigger = 'manual' | 'cron' | 'event';
export type RunMode = 'delta' | 'full' | 'ids';

/** What a run was asked to do; stored with the run so it can resume. */
export interface RunInput {
  mode: RunMode;
  /** delta: collect changes since this instant (else since the profile's watermark). */
  since?: string;
  /** ids: collect exactly these source keys. */
  ids?: string[];
}

/** One record as collected, with a key for messages and links, and where collection stood after it. */
export interface Collected<Raw> {
  key: string;
  raw: Raw;
  /** Saved after the batch containing this record completes; a resumed run continues from here. */
  checkpoint?: unknown;
  /** What a run for named records (`ids`) collects to try this record again, when not its key. */
  retryId?: string;
  /**
   * The runner processes the batch after this record, however few records it holds: a stage whose
   * records differ in kind keeps each kind in batches of its own with it (the stock import: its writes
   * share POSTs within a batch, and a reconciliation's unchanged variations go as one record per thousands).
   */
  endsBatch?: boolean;
}

export type Outcome =
  /** `note`: what was done, when the history should say it (e.g. a record deleted after its source was). */
  | { key: string; result: 'created' | 'updated'; note?: string }
  /**
   * `count`: how many records this outcome stands for, when a stage counts the records it has nothing
   * to do for instead of naming each (a stock reconciliation's unchanged variations: an outcome, a key
   * and a comparison result per record cost more than the comparison). They count as processed and
   * skipped; the history says `reason` once per run instead of once per record, and the failed-records
   * tracker sees no record in it. Without `count` the outcome is the one record `key`.
   */
  | { key: string; result: 'skipped'; reason: string; count?: number }
  | { key: string; result: 'failed'; reason: string };

export interface RunContext<Config> {
  profile: { id: number; typeId: ProfileTypeId; name: string };
  config: Config;
  run: { id: number; trigger: RunTrigger; input: RunInput; startedAt: Date };
  db: Database;
  links: LinkStore;
  state: StateStore;
  log: Logger;
  /** Aborted when the run must stop (shutdown); stages pass it to their I/O. */
  signal: AbortSignal;
  /** Connectors and other services, provided by the host (see ProfileServices). */
  services: ProfileServices;
  /**
   * A dry run (src/mapping/dry-run.ts): `preview` runs instead of `process`, and whatever the other
   * stages would write on their way (a reference created while transforming) must not be written.
   */
  dryRun?: boolean;
}

/**
 * Services the host hands to run stages. Empty for now: the connector modules add their clients here by
 * declaration merging (`declare module '../profiles/types.js' { interface ProfileServices { ... } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ProfileServices {}

export interface RunStages<Config, Raw, Rec> {
  /** Streams source records. With a checkpoint, continues after it. Must not hold everything in memory. */
  collect(ctx: RunContext<Config>, checkpoint: unknown): AsyncIterable<Collected<Raw>>;
  /** How many records a run will see, if the source can tell cheaply (for progress bars). */
  estimateTotal?(ctx: RunContext<Config>): Promise<number | undefined>;
  /** Maps one source record to the target shape. Throwing fails that record only. */
  transform(raw: Raw, ctx: RunContext<Config>): Rec | Promise<Rec>;
  /** Problems that stop this record from being written (each a sentence for the merchant). */
  validate?(record: Rec, ctx: RunContext<Config>): string[] | Promise<string[]>;
  /**
   * Writes a batch and says what happened to each record. A thrown error is fatal for the run (the
   * job retries and resumes from the last checkpoint); per-record failures are outcomes.
   */
  process(batch: { key: string; record: Rec }[], ctx: RunContext<Config>): Promise<Outcome[]>;
  /** After a batch: record links and hashes of what was written. */
  update?(outcomes: Outcome[], batch: { key: string; record: Rec }[], ctx: RunContext<Config>): Promise<void>;
  /** After the last batch of a run that did not fail: e.g. advance the watermark. */
  finish?(ctx: RunContext<Config>, summary: RunSummary): Promise<void>;
  /**
   * Dry runs only, instead of process: what writing the batch would do, per record, with a field-level
   * diff against the target's current state. Reads only; never writes to either system.
   */
  preview?(batch: { key: string; record: Rec }[], ctx: RunContext<Config>): Promise<RecordPreview[]>;
}

export interface RunSummary {
  status: 'completed' | 'partial' | 'failed' | 'paused';
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

export interface ProfileType<Config = unknown, Raw = unknown, Rec = unknown> {
  id: ProfileTypeId | (string & {});
  /** Human name, used for the seeded profile. */
  name: string;
  entity: string;
  direction: Direction;
  /** Parses stored config, applying defaults; `{}` must parse (a freshly created profile). */
  configSchema: z.ZodType<Config>;
  /** Whether a parsed config has what a run needs (mappings, connections), with the reasons if not. */
  readiness?(config: Config): string[];
  triggers: EventTrigger[];
  /** Batch size when the config does not set one. */
  defaultBatchSize: number;
  /**
   * Dotted paths of settings earlier versions accepted without an effect (see config/retired.ts): stored
   * configs holding them still load, saving them is refused with the reason.
   */
  retiredSettings?: readonly string[];
  /** Absent while a type's sync is not built: running it fails with a plain statement saying so. */
  stages?: RunStages<Config, Raw, Rec>;
  /** The fields the config's `mapping` may read and write, and where they are in a record (src/mapping). */
  mapping?: MappingAdapter<Raw, Rec, Config>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProfileType = ProfileType<any, any, any>;
