/**
 * What every resolver gets: the store, the store view chosen by the `Store` header, the public
 * base URL (for media and store URLs), and per-request memos.
 */
import type { MagentoStore, StoreView } from '../store/index.js';

export interface GraphqlOptions {
  /** Magento's `queryDepth` (default 20). */
  maxDepth?: number;
  /** Magento's `queryComplexity` (default 300). */
  maxComplexity?: number;
  /** `cataloginventory/options/show_out_of_stock` (Magento's default: out-of-stock products hidden). */
  showOutOfStock?: boolean;
}

export interface GraphqlContext {
  store: MagentoStore;
  view: StoreView;
  /** `http://host:port/` of the sandbox as the client reached it. */
  baseUrl: string;
  showOutOfStock: boolean;
  /** Per-request memo for expensive derived values (product counts per category, ...). */
  memo: Map<string, unknown>;
}

export function memoized<T>(ctx: GraphqlContext, key: string, compute: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const value = compute();
  ctx.memo.set(key, value);
  return value;
}

/** Magento's `uid`: base64 of the entity id (or of a `type/id/value` path for option values). */
export function encodeUid(value: string | number): string {
  return Buffer.from(String(value), 'utf8').toString('base64');
}

export function decodeUid(uid: string): string {
  return Buffer.from(uid, 'base64').toString('utf8');
}

/** Magento's database datetime format (`2024-05-01 12:34:56`, UTC). */
export function magentoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}

export function money(value: number, view: StoreView): { value: number; currency: string } {
  return { value: Math.round(value * 100) / 100, currency: view.currency };
}

export function mediaUrl(ctx: GraphqlContext, path: string): string {
  return `${ctx.baseUrl}media/${path.replace(/^\/+/, '')}`;
}
