import type { CategoryDetailBody } from '../../../connectors/plenty/index.js';
import type { MagentoNode } from './magento-tree.js';

/** Link-table entity type of categories: Magento category id ↔ PlentyONE category id (the item export reads it). */
export const CATEGORY_LINK = 'category';

/** Where a Magento category sits: its mapped root and the PlentyONE category of that root (null: top level). */
export interface Placement {
  rootId: number;
  plentyRootId: number | null;
}

/** What collect yields. */
export type RawCategory =
  | { kind: 'node'; node: MagentoNode; placement: Placement }
  /** Deleted in Magento (a delete webhook, or a linked category a full run no longer finds). */
  | { kind: 'gone'; magentoId: number }
  /** Exists in Magento but is not exported, with the reason. */
  | { kind: 'hidden'; magentoId: number; reason: string };

/** One Magento category as the PlentyONE category it becomes. */
export interface CategoryDraft {
  kind: 'category';
  magentoId: number;
  magentoParentId: number;
  placement: Placement;
  linklist: 'Y' | 'N';
  /** One row per storeMapping row: its client (plentyId) and language. */
  details: CategoryDetailBody[];
  clients: number[];
  /** Sentences for the merchant: each stops this category. */
  problems: string[];
}

export type CategoryRecord =
  | CategoryDraft
  | { kind: 'delete'; magentoId: number }
  | { kind: 'skip'; magentoId: number; reason: string };
