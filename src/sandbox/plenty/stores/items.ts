/**
 * Items and variations: an overlay over the lazy catalog. Generated records are computed on demand;
 * written ones live in maps; deletions are tombstones. Filtered scans keep only a list of matching
 * ids (cached until the next write), never the records themselves.
 */
import { categoryIdOf, itemIdOf, itemIndexOfId, variationIdOf, variationIndexOfId } from '../../generator/ids.js';
import type { PlentyCatalogView } from '../catalog-view.js';
import { type ItemState, type VariationState, itemStateOf, variationStateOf } from './catalog-records.js';

export type VariationFilter = (v: VariationState) => boolean;

export class ItemStore {
  private readonly items = new Map<number, ItemState>();
  private readonly variations = new Map<number, VariationState>();
  private readonly deletedItems = new Set<number>();
  private readonly deletedVariations = new Set<number>();
  /** Variation numbers of written variations → id (a changed number hides the generated one). */
  private readonly numbers = new Map<string, number>();
  private readonly createdVariationIds: number[] = [];
  private readonly createdItemIds: number[] = [];
  private nextItemId: number;
  private nextVariationId: number;
  /** Bumped on every write; invalidates cached scans. */
  version = 0;
  private readonly generatedCache = new Map<string, Uint32Array>();
  private readonly mergedCache = new Map<string, { version: number; ids: Uint32Array }>();

  constructor(
    readonly catalog: PlentyCatalogView,
    /** The sandbox clock (epoch ms); routes stamp related records with it. */
    readonly now: () => number,
  ) {
    this.nextItemId = itemIdOf(catalog.itemCount);
    this.nextVariationId = variationIdOf(catalog.variationCount);
  }

  // ---- reads -------------------------------------------------------------------------------

  variation(id: number): VariationState | undefined {
    if (this.deletedVariations.has(id)) return undefined;
    const own = this.variations.get(id);
    if (own) return own;
    const idx = variationIndexOfId(id);
    if (idx === undefined || idx >= this.catalog.variationCount) return undefined;
    return variationStateOf(this.catalog.variation(idx), categoryIdOf);
  }

  /** Cheap existence check (no record is computed). */
  exists(variationId: number): boolean {
    if (this.deletedVariations.has(variationId) ) return false;
    if (this.variations.has(variationId)) return true;
    const idx = variationIndexOfId(variationId);
    return idx !== undefined && idx < this.catalog.variationCount;
  }

  item(id: number): ItemState | undefined {
    if (this.deletedItems.has(id)) return undefined;
    const own = this.items.get(id);
    if (own) return own;
    const idx = itemIndexOfId(id);
    if (idx === undefined || idx >= this.catalog.itemCount) return undefined;
    const it = this.catalog.item(idx);
    return itemStateOf(it, variationIdOf(it.firstVariationIndex));
  }

  variationByNumber(number: string): VariationState | undefined {
    const own = this.numbers.get(number);
    if (own !== undefined) return this.variation(own);
    const idx = this.catalog.variationIndexBySku(number);
    if (idx === undefined || idx >= this.catalog.variationCount) return undefined;
    const v = this.variation(variationIdOf(idx));
    return v && v.number === number ? v : undefined;
  }

  /** Total variation slots (generated + created), including tombstoned ones. */
  get variationSlots(): number {
    return this.catalog.variationCount + this.createdVariationIds.length;
  }

  /** Variation id of slot n: generated first, then created in creation order. */
  variationIdAt(slot: number): number {
    return slot < this.catalog.variationCount ? variationIdOf(slot) : (this.createdVariationIds[slot - this.catalog.variationCount] as number);
  }

  /** Slot of a variation id (inverse of variationIdAt), undefined when unknown. */
  slotOf(variationId: number): number | undefined {
    const idx = variationIndexOfId(variationId);
    if (idx !== undefined && idx < this.catalog.variationCount) return idx;
    const k = this.createdVariationIds.indexOf(variationId);
    return k < 0 ? undefined : this.catalog.variationCount + k;
  }

  isDeleted(variationId: number): boolean {
    return this.deletedVariations.has(variationId);
  }

  get itemSlots(): number {
    return this.catalog.itemCount + this.createdItemIds.length;
  }

  itemIdAt(slot: number): number {
    return slot < this.catalog.itemCount ? itemIdOf(slot) : (this.createdItemIds[slot - this.catalog.itemCount] as number);
  }

  /**
   * Ids of variations matching `filter`, in slot order. Without a filter and without deletions the
   * answer is arithmetic (`count` + `idAt`), so paging never scans. Otherwise the generated part is
   * scanned once per filter key and kept as a packed id list (generated records never change); each
   * write version only re-checks the written records and merges them in.
   */
  matchVariations(key: string, filter: VariationFilter | undefined): { count: number; idAt: (n: number) => number } {
    if (!filter && this.deletedVariations.size === 0) return { count: this.variationSlots, idAt: (n) => this.variationIdAt(n) };
    const ids = this.merged(`v:${key}`, {
      generatedCount: this.catalog.variationCount,
      generatedId: variationIdOf,
      generatedMatches: filter ? (slot) => filter(variationStateOf(this.catalog.variation(slot), categoryIdOf)) : undefined,
      // The variations of written items too: a filter may read the item (type, manufacturer, flags).
      touched: [...this.variations.keys(), ...this.deletedVariations, ...[...this.items.values()].flatMap((it) => it.variationIds)],
      created: this.createdVariationIds,
      current: (id) => {
        const v = this.variation(id);
        return v !== undefined && (!filter || filter(v));
      },
    });
    return { count: ids.length, idAt: (n) => ids[n] as number };
  }

  matchItems(key: string, filter: ((it: ItemState) => boolean) | undefined): { count: number; idAt: (n: number) => number } {
    if (!filter && this.deletedItems.size === 0) return { count: this.itemSlots, idAt: (n) => this.itemIdAt(n) };
    const ids = this.merged(`i:${key}`, {
      generatedCount: this.catalog.itemCount,
      generatedId: itemIdOf,
      generatedMatches: filter
        ? (slot) => {
            const it = this.catalog.item(slot);
            return filter(itemStateOf(it, variationIdOf(it.firstVariationIndex)));
          }
        : undefined,
      touched: [...this.items.keys(), ...this.deletedItems],
      created: this.createdItemIds,
      current: (id) => {
        const it = this.item(id);
        return it !== undefined && (!filter || filter(it));
      },
    });
    return { count: ids.length, idAt: (n) => ids[n] as number };
  }

  // ---- writes ------------------------------------------------------------------------------

  /** Store a changed copy of a variation (callers mutate the returned copy before saving). */
  saveVariation(v: VariationState, touchRelated = true): VariationState {
    const previous = this.variations.get(v.id) ?? this.variation(v.id);
    if (previous && previous.number !== v.number) this.numbers.delete(previous.number);
    this.numbers.set(v.number, v.id);
    const t = this.now();
    v.updatedAtMs = t;
    if (touchRelated) v.relatedUpdatedAtMs = t;
    this.variations.set(v.id, v);
    this.written();
    return v;
  }

  /** A related record (price, barcode) changed: bump relatedUpdatedAt, not updatedAt. */
  saveRelated(v: VariationState): VariationState {
    v.relatedUpdatedAtMs = this.now();
    if (!this.numbers.has(v.number)) this.numbers.set(v.number, v.id);
    this.variations.set(v.id, v);
    this.written();
    return v;
  }

  /**
   * Sets (or clears) a variation's bundle type and leaves its timestamps alone: whether PlentyONE moves
   * `updatedAt`/`relatedUpdatedAt` when a bundle gains or loses a component is undocumented.
   */
  setBundleType(id: number, type: VariationState['bundleType']): void {
    const current = this.variation(id);
    if (!current || current.bundleType === type) return;
    const v = this.copyVariation(current);
    if (type) v.bundleType = type;
    else delete v.bundleType;
    if (!this.numbers.has(v.number)) this.numbers.set(v.number, v.id);
    this.variations.set(id, v);
    this.written();
  }

  saveItem(it: ItemState): ItemState {
    it.updatedAtMs = this.now();
    this.items.set(it.id, it);
    this.written();
    return it;
  }

  /** A deep enough copy to mutate without touching a shared generated or stored record. */
  copyVariation(v: VariationState): VariationState {
    return {
      ...v,
      prices: v.prices.map((p) => ({ ...p })),
      barcodes: v.barcodes.map((b) => ({ ...b })),
      categoryIds: [...v.categoryIds],
      attributeValues: v.attributeValues.map((a) => ({ ...a })),
      names: { ...v.names },
    };
  }

  copyItem(it: ItemState): ItemState {
    return { ...it, texts: it.texts.map((t) => ({ ...t })), images: it.images.map((i) => ({ ...i })), variationIds: [...it.variationIds] };
  }

  createItem(input: { manufacturerId?: number }): ItemState {
    const id = this.nextItemId++;
    const t = this.now();
    const it: ItemState = { id, itemType: 'default', mainVariationId: 0, manufacturerId: input.manufacturerId ?? 0, createdAtMs: t, updatedAtMs: t, texts: [], images: [], variationIds: [] };
    this.items.set(id, it);
    this.createdItemIds.push(id);
    this.written();
    return it;
  }

  createVariation(itemId: number, input: Partial<VariationState>): VariationState {
    const it = this.copyItem(this.item(itemId)!);
    const id = this.nextVariationId++;
    const t = this.now();
    const isMain = it.variationIds.length === 0;
    const v: VariationState = {
      id,
      itemId,
      isMain,
      mainVariationId: isMain ? null : it.mainVariationId,
      position: Number(input.position ?? it.variationIds.length),
      isActive: input.isActive ?? true,
      number: input.number ?? String(id),
      model: input.model ?? '',
      externalId: input.externalId ?? '',
      purchasePrice: Number(input.purchasePrice ?? 0),
      weightG: Number(input.weightG ?? 0),
      vatRate: 19,
      createdAtMs: t,
      updatedAtMs: t,
      relatedUpdatedAtMs: t,
      prices: [],
      barcodes: [],
      categoryIds: input.categoryIds ?? [],
      attributeValues: input.attributeValues ?? [],
      names: {},
    };
    if (isMain) it.mainVariationId = id;
    it.variationIds.push(id);
    this.saveItem(it);
    this.variations.set(id, v);
    this.numbers.set(v.number, id);
    this.createdVariationIds.push(id);
    this.written();
    return v;
  }

  deleteVariation(id: number): boolean {
    const v = this.variation(id);
    if (!v) return false;
    this.deletedVariations.add(id);
    this.numbers.delete(v.number);
    this.written();
    return true;
  }

  deleteItem(id: number): boolean {
    const it = this.item(id);
    if (!it) return false;
    for (const vid of it.variationIds) this.deleteVariation(vid);
    this.deletedItems.add(id);
    this.written();
    return true;
  }

  get counts(): { items: number; variations: number; writtenItems: number; writtenVariations: number; deletedVariations: number } {
    return {
      items: this.itemSlots - this.deletedItems.size,
      variations: this.variationSlots - this.deletedVariations.size,
      writtenItems: this.items.size,
      writtenVariations: this.variations.size,
      deletedVariations: this.deletedVariations.size,
    };
  }

  private written(): void {
    this.version += 1;
  }

  private merged(
    key: string,
    p: {
      generatedCount: number;
      generatedId: (slot: number) => number;
      generatedMatches: ((slot: number) => boolean) | undefined;
      touched: number[];
      created: number[];
      current: (id: number) => boolean;
    },
  ): Uint32Array {
    const hit = this.mergedCache.get(key);
    if (hit && hit.version === this.version) return hit.ids;
    const base = p.generatedMatches ? this.generatedScan(key, p.generatedCount, p.generatedId, p.generatedMatches) : undefined;
    const touched = new Set(p.touched);
    const out: number[] = [];
    const baseCount = base ? base.length : p.generatedCount;
    for (let n = 0; n < baseCount; n++) {
      const id = base ? (base[n] as number) : p.generatedId(n);
      if (!touched.has(id)) out.push(id);
    }
    const created = new Set(p.created);
    for (const id of touched) if (!created.has(id) && p.current(id)) out.push(id);
    for (const id of p.created) if (p.current(id)) out.push(id);
    const ids = Uint32Array.from(out).sort();
    remember(this.mergedCache, key, { version: this.version, ids });
    return ids;
  }

  /** Generated slots whose generated record matches; computed once per key. */
  private generatedScan(key: string, count: number, idOf: (slot: number) => number, matches: (slot: number) => boolean): Uint32Array {
    const hit = this.generatedCache.get(key);
    if (hit) return hit;
    let buf = new Uint32Array(1024);
    let n = 0;
    for (let slot = 0; slot < count; slot++) {
      if (!matches(slot)) continue;
      if (n === buf.length) {
        const bigger = new Uint32Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      buf[n++] = idOf(slot);
    }
    const ids = buf.slice(0, n);
    remember(this.generatedCache, key, ids);
    return ids;
  }
}

/** Keep at most 4 cached scans (oldest out first): at a million variations each list is ~4 MB. */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.delete(key);
  if (cache.size >= 4) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}
