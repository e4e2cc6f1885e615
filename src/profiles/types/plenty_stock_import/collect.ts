/**
 * The collect stage: reads PlentyONE stock (ids: the named variations; delta: rows updated since the
 * watermark, minus an overlap; full: every row of the mapped warehouses), turns it into source values
 * per variation, drops what the link hashes say Magento already has, and hands the rest to the runner
 * through the aligner. Pages are streamed; nothing holds the catalog.
 */
import { connectorsOf } from '../../../connectors/services.js';
import type { MagentoClient, MagentoSourceItem } from '../../../connectors/magento/index.js';
import type { PlentyClient, StockEntry } from '../../../connectors/plenty/index.js';
import { createHistory } from '../../history.js';
import type { Collected, RunContext } from '../../profile-type.js';
import { BatchAligner, Sorted } from './aligner.js';
import type { StockImportConfig } from './config.js';
import { checkSources, resolveFeeds } from './feeds.js';
import { mergeWarehouseScans } from './merge-scan.js';
import { oneAhead } from '../../read-ahead.js';
import { magentoSourceItems, sourceKey } from './magento-reads.js';
import { MANAGED_ASPECT, UNCHANGED, unmanagedReason, type StockRaw } from './records.js';
import { notesOf } from './run-notes.js';
import { numbersOfUnlinked, readLinkRange, resolveStockLinks, type LinkedStock } from './skus.js';
import { aspectOf, emptyChunk, hashOf, slotsOf, sourceQuantity, sourceValues, statusOf, toSourceItems, type Slots, type StockChunk } from './source-items.js';
import { deltaSince } from './watermark.js';

type Ctx = RunContext<StockImportConfig>;

/** Variations read one by one (ids runs, late rows) per step. */
const CHUNK = 250;
/**
 * Variations of a scan resolved and compared per step: four PlentyONE pages, so one link read per
 * 1000 variations (each statement costs socket writes and a result parse) and at most four number
 * lookups, as many as four steps of 250 would make.
 */
const SCAN_CHUNK = 1000;

type ScanCheckpoint = { after: number; pages: Record<string, number> };
type IdsCheckpoint = { index: number };

export async function* collectStock(ctx: Ctx, checkpoint: unknown): AsyncGenerator<Collected<StockRaw>> {
  const { config, signal } = ctx;
  const connectors = connectorsOf(ctx);
  const plenty = await connectors.plenty(config.connection.plenty);
  const magento = await connectors.magento(config.connection.magento);
  const feeds = resolveFeeds(config, await plenty.warehouses(signal));
  checkSources(feeds, await magento.sources.list({ signal }));
  notesOf(ctx.run.id).sourceCodes = [...feeds.sources.keys()];
  for (const note of feeds.notes) {
    ctx.log.warn(note);
    await createHistory(ctx.db).addMessage(ctx.run.id, { level: 'warn', message: note });
  }
  const quantityOf = config.quantity === 'physical' ? physicalOf : netOf;
  const slots = slotsOf(feeds);
  const read = (ids: number[]) => readVariations(plenty, ids, slots, quantityOf, signal);
  const classifier = new Classifier(ctx, plenty, magento, slots, read);

  const input = ctx.run.input;
  if (input.mode === 'ids') {
    const ids = input.ids ?? [];
    let done = (checkpoint as IdsCheckpoint | undefined)?.index ?? 0;
    const aligner = new BatchAligner(config.batchSize, (seq) => ({ index: seq + 1 }), () => done - 1);
    for (let start = done; start < ids.length; start += CHUNK) {
      const slice = ids.slice(start, start + CHUNK);
      const valid: number[] = [];
      const seqs: number[] = [];
      const invalid = new Sorted();
      for (const [i, key] of slice.entries()) {
        const id = Number(key);
        if (!Number.isInteger(id) || id <= 0) {
          invalid.addSkip({ seq: start + i, key, result: 'skipped', reason: `"${key}" is not a PlentyONE variation id.` });
          continue;
        }
        valid.push(id);
        seqs.push(start + i);
      }
      aligner.take(invalid);
      aligner.take(await classifier.classify(await read(valid), seqs, true));
      done = start + slice.length;
      yield* aligner.drain(false);
    }
    yield* aligner.drain(true);
    return;
  }

  // delta without any watermark (first run) collects everything once.
  const since = input.mode === 'delta' ? await deltaSince(ctx) : undefined;
  const resume = checkpoint as ScanCheckpoint | undefined;
  const scan = mergeWarehouseScans({
    warehouseIds: slots.warehouseIds,
    open: (warehouseId, startPage) => plenty.stock({ warehouseId, updatedAtFrom: since, startPage, signal }).pages(),
    quantityOf,
    chunkSize: SCAN_CHUNK,
    resume,
  });
  let collected = resume?.after ?? 0;
  notesOf(ctx.run.id).scanFrom(collected);
  const aligner = new BatchAligner(config.batchSize, (after) => ({ after, pages: scan.pagesFor(after) }), () => collected);
  // A full scan reads the links of the id range each chunk closes (delta chunks are sparse: their ids).
  let rangeFrom = collected;
  const linksOf = async (chunk: StockChunk): Promise<LinkedStock> => {
    if (since !== undefined) return classifier.resolve(chunk.ids);
    const after = rangeFrom;
    rangeFrom = chunk.ids[chunk.ids.length - 1]!;
    return classifier.resolveRange(after, rangeFrom, chunk.ids);
  };
  // A chunk is compared as soon as its links are read, while the runner writes the one before: its
  // arrays and links live for its read and comparison only, not until the runner has taken it (with
  // the unchanged counted instead of named, what a reconciliation of 100,000 promoted to the old
  // generation fell from 18.8 to 5.9 MB).
  const chunks = oneAhead(scan.chunks, async (chunk) => ({
    last: chunk.ids[chunk.ids.length - 1]!,
    sorted: await classifier.classify(chunk, undefined, since === undefined, await linksOf(chunk)),
  }));
  for await (const { last, sorted } of chunks) {
    aligner.take(sorted);
    collected = last;
    yield* aligner.drain(false);
  }
  // The links above the last variation the scan handed on can only be stale ones.
  if (input.mode === 'full' && config.removeStaleOnFullRun) await classifier.resolveRange(rangeFrom, Infinity, []);
  notesOf(ctx.run.id).late = scan.late;
  if (scan.late.size > 0) {
    ctx.log.warn({ count: scan.late.size }, 'stock rows came out of variation order; those variations are read again one by one');
    const late = [...scan.late].sort((a, b) => a - b);
    for (let start = 0; start < late.length; start += CHUNK) {
      aligner.take(await classifier.classify(await read(late.slice(start, start + CHUNK)), undefined, true));
    }
  }
  yield* aligner.drain(true);
}

// Functions of the module, not made per run: the merge calls one for every row, and optimised code that
// inlined it then stays valid for the next run (it would not with a closure of each run).
const netOf = (e: StockEntry) => e.stockNet;
const physicalOf = (e: StockEntry) => e.stockPhysical;

/**
 * All stock rows of these variations in the fed warehouses, one call each (a variation has few rows; a
 * later row of the same warehouse replaces an earlier one).
 */
async function readVariations(plenty: PlentyClient, variationIds: number[], slots: Slots, quantityOf: (e: StockEntry) => number, signal: AbortSignal): Promise<StockChunk> {
  const { warehouseIds } = slots;
  const chunk = emptyChunk(variationIds, warehouseIds.length);
  for (const [i, variationId] of variationIds.entries()) {
    for await (const entry of plenty.stock({ variationId, signal })) {
      const slot = warehouseIds.indexOf(entry.warehouseId);
      if (entry.variationId === variationId && slot >= 0) chunk.quantities[i * chunk.width + slot] = quantityOf(entry);
    }
  }
  return chunk;
}

/** Magento's quantity is off by more than the tolerance (a missing source item counts as 0). */
const drifts = (magento: number | undefined, plenty: number, tolerance: number) =>
  magento === undefined ? plenty > tolerance : Math.abs(magento - plenty) > tolerance;

/**
 * Resolves SKUs and the hashes last written for variations (`resolve`), and compares them (`classify`;
 * each variation's position is its `seqs` entry, else its variation id). Unchanged variations of a scan
 * (no `seqs`) are counted, not named: a reconciliation has little else, and a full one compares every
 * variation of the catalogue. Named runs (ids: what an event or a failed-records retry asks) name them.
 *
 * A class rather than closures made per run, as WarehouseMerge is: its methods are the same functions
 * in every run, so what V8 optimised in one reconciliation can serve the next. The closures made per run
 * were compiled again in most warm reconciliations (`--trace-opt`).
 */
class Classifier {
  private readonly config: StockImportConfig;
  private readonly full: boolean;
  private readonly notes: ReturnType<typeof notesOf>;
  private readonly sourceCodes: string[];
  /**
   * The link aspects compared: one per source, then "Manage Stock" (read only with skipUnmanaged: nothing
   * else looks at it, and a full run reads the aspects of every link).
   */
  private readonly aspects: string[];
  private readonly aspectIndex: Map<string, number>;
  /** The index of "Manage Stock" among the aspects. */
  private readonly managedAt: number;
  private readonly numbers: (ids: number[]) => Promise<Map<number, string>>;

  constructor(
    private readonly ctx: Ctx,
    plenty: PlentyClient,
    private readonly magento: MagentoClient,
    private readonly slots: Slots,
    private readonly read: (ids: number[]) => Promise<StockChunk>,
  ) {
    this.config = ctx.config;
    this.full = ctx.run.input.mode === 'full';
    this.notes = notesOf(ctx.run.id);
    this.sourceCodes = slots.sources.map((s) => s.sourceCode);
    this.aspects = [...this.sourceCodes.map(aspectOf), ...(ctx.config.skipUnmanaged ? [MANAGED_ASPECT] : [])];
    this.aspectIndex = new Map(this.sourceCodes.map((code, i) => [code, i]));
    this.managedAt = this.sourceCodes.length;
    this.numbers = (ids) => plenty.variationNumbers(ids, ctx.signal);
  }

  /**
   * Whether each source the rows determine hashes as the link says it was last written: decided without
   * building the source values (almost every variation of a reconciliation is unchanged).
   */
  private unchanged(chunk: StockChunk, linked: LinkedStock, i: number, complete: boolean): boolean {
    const { sources } = this.slots;
    const { statusFromQuantity } = this.config;
    for (let s = 0; s < sources.length; s++) {
      const quantity = sourceQuantity(chunk, i, sources[s]!.slots, complete);
      if (quantity === null) return false;
      if (quantity !== undefined && !linked.holds(s, i, quantity, statusOf(quantity, statusFromQuantity))) return false;
    }
    return true;
  }

  resolve(ids: readonly number[]): Promise<LinkedStock> {
    return resolveStockLinks(this.ctx.db, ids, this.aspects, this.numbers);
  }

  /** The links of the variation ids in (`after`, `upTo`], aligned to `ids` (those the scan holds); the others' are noted as stale. */
  async resolveRange(after: number, upTo: number, ids: readonly number[]): Promise<LinkedStock> {
    const { linked, unseen } = await readLinkRange(this.ctx.db, after, upTo, this.aspects, ids, this.managedAt);
    if (this.full && this.config.removeStaleOnFullRun) for (const id of unseen) this.notes.unseen.add(id);
    await numbersOfUnlinked(ids, linked, this.numbers);
    return linked;
  }

  /**
   * The source values of the i-th variation that differ from its link's hashes (or, with the drift
   * report, from what Magento holds): a write, else an unchanged one. A method of its own, not part of
   * classify's loop: its closures would make the loop allocate a scope for every variation, changed or not
   * (10 MB per reconciliation of 100,000 in an allocation profile).
   */
  private async compare(chunk: StockChunk, i: number, seq: number, named: boolean, linked: LinkedStock, managed: string | null,
    complete: boolean, inMagento: Map<string, MagentoSourceItem> | undefined, sorted: Sorted): Promise<void> {
    const { slots, aspectIndex, notes } = this;
    const { statusFromQuantity, driftReport } = this.config;
    const variationId = chunk.ids[i]!;
    const sku = linked.sku(i)!;
    let { values, needsAllRows } = sourceValues(chunk, i, slots, { complete, statusFromQuantity });
    if (needsAllRows) {
      // A delta saw only some of the warehouses summed into a source: the sum needs the others too.
      ({ values } = sourceValues(await this.read([variationId]), 0, slots, { complete: true, statusFromQuantity }));
    }
    let changed = values.filter((v) => !linked.holds(aspectIndex.get(v.sourceCode)!, i, v.quantity, v.status));
    if (inMagento) {
      // Drift: what the hashes say Magento holds, Magento no longer holds (changed outside this import).
      const drifted = values.filter((v) => !changed.includes(v) && drifts(inMagento.get(sourceKey(sku, v.sourceCode))?.quantity, v.quantity, driftReport.tolerance));
      for (const v of drifted) notes.addDrift({ sku, sourceCode: v.sourceCode, magento: inMagento.get(sourceKey(sku, v.sourceCode))?.quantity, plenty: v.quantity });
      if (drifted.length > 0) changed = [...changed, ...drifted];
    }
    if (changed.length === 0) {
      if (named) sorted.addSkip({ seq, key: sku, result: 'skipped', reason: UNCHANGED });
      else sorted.addUnchanged(seq);
      return;
    }
    sorted.addWrite({
      kind: 'write', seq, variationId, sku,
      items: toSourceItems(sku, changed),
      hashes: Object.fromEntries(changed.map((v) => [aspectOf(v.sourceCode), hashOf(v)])),
      managed: managed === 'yes' ? 'yes' : undefined,
    });
  }

  async classify(chunk: StockChunk, seqs: readonly number[] | undefined, complete: boolean, linkedAhead?: LinkedStock): Promise<Sorted> {
    const { full, notes, managedAt } = this;
    const { skipUnmanaged } = this.config;
    const sorted = new Sorted();
    const { ids } = chunk;
    const linked = linkedAhead ?? (await this.resolve(ids));
    // Full runs with the drift report see what Magento holds, beside what the link hashes say it holds.
    const inMagento = full && this.config.driftReport.enabled
      ? await magentoSourceItems(this.magento, [...new Set(ids.flatMap((_, i) => linked.sku(i) ?? []))], this.sourceCodes, this.ctx.signal)
      : undefined;
    for (let i = 0; i < ids.length; i++) {
      const variationId = ids[i]!;
      const seq = seqs ? seqs[i]! : variationId;
      if (!linked.hasSku(i)) {
        sorted.addSkip({ seq, key: `variation ${variationId}`, result: 'skipped', reason: `Variation ${variationId} no longer exists in PlentyONE.` });
        continue;
      }
      const managed = skipUnmanaged ? linked.hash(managedAt, i) : null;
      // Known unmanaged: no call. Full runs ask Magento again (the merchant may have turned it on).
      if (!full && managed === 'no') {
        notes.unmanaged++;
        const sku = linked.sku(i)!;
        sorted.addSkip({ seq, key: sku, result: 'skipped', reason: unmanagedReason(sku) });
        continue;
      }
      if (!inMagento && this.unchanged(chunk, linked, i, complete)) {
        if (seqs) sorted.addSkip({ seq, key: linked.sku(i)!, result: 'skipped', reason: UNCHANGED });
        else sorted.addUnchanged(seq);
        continue;
      }
      await this.compare(chunk, i, seq, seqs !== undefined, linked, managed, complete, inMagento, sorted);
    }
    return sorted;
  }
}
