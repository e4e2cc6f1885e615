import type { PlentyCategory } from '../../../connectors/plenty/index.js';

/** Link-table entity type shared with the export: Magento category id ↔ PlentyONE category id. */
export const CATEGORY_LINK = 'category';

/** The mapped Magento root of a PlentyONE category, and the PlentyONE category (or top level) it stands for. */
export interface Placement {
  magentoRootId: number;
  plentyRootId: number | null;
}

export type RawCategory =
  | { kind: 'category'; category: PlentyCategory; placement: Placement }
  /** A linked PlentyONE category that no longer exists. */
  | { kind: 'gone'; plentyId: number }
  | { kind: 'hidden'; plentyId: number; reason: string };

/** Magento attribute values: the global ones and each store view's. */
export interface CategoryValues {
  global: Record<string, string>;
  stores: Record<string, Record<string, string>>;
}

export interface ImportDraft {
  kind: 'category';
  plentyId: number;
  plentyParentId: number | null;
  placement: Placement;
  values: CategoryValues;
  problems: string[];
}

export type ImportRecord =
  | ImportDraft
  | { kind: 'delete'; plentyId: number }
  | { kind: 'skip'; plentyId: number; reason: string };
