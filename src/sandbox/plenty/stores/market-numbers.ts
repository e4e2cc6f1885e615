/**
 * Market ident numbers of variations (ASIN, ePID, UPC, RSIN, MOIN per country), written through
 * `/rest/items/{id}/variations/{variationId}/market_ident_numbers`. Kept beside the item store: the
 * generated catalogue has none.
 */
export interface MarketNumberRow { id: number; variationId: number; countryId: number; type: string; position: number; value: string; createdAtMs: number; updatedAtMs: number }

export const MARKET_NUMBER_TYPES = ['ASIN', 'EPID', 'UPC', 'RSIN', 'MOIN'] as const;

export class MarketNumberStore {
  private readonly rows = new Map<number, MarketNumberRow>();
  private nextId = 1;

  constructor(private readonly now: () => number) {}

  of(variationId: number): MarketNumberRow[] {
    return [...this.rows.values()].filter((r) => r.variationId === variationId);
  }

  get(variationId: number, id: number): MarketNumberRow | undefined {
    const row = this.rows.get(id);
    return row?.variationId === variationId ? row : undefined;
  }

  create(input: Omit<MarketNumberRow, 'id' | 'createdAtMs' | 'updatedAtMs'>): MarketNumberRow {
    const t = this.now();
    const row = { ...input, id: this.nextId++, createdAtMs: t, updatedAtMs: t };
    this.rows.set(row.id, row);
    return row;
  }

  save(row: MarketNumberRow): void {
    row.updatedAtMs = this.now();
    this.rows.set(row.id, row);
  }

  delete(id: number): boolean {
    return this.rows.delete(id);
  }
}
