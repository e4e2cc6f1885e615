/** A change made through the API or a control helper; the webhook sender turns these into callbacks. */
export interface ChangeEvent {
  entity: 'item' | 'variation' | 'stock' | 'order' | 'category' | 'contact';
  action: 'created' | 'updated' | 'deleted';
  ids: number[];
  itemIds?: number[];
  variationIds?: number[];
  warehouseIds?: number[];
}

export type ChangeSink = (event: ChangeEvent) => void;
