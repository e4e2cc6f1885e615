import type { StoreChange } from './types.js';

export type ChangeListener = (change: StoreChange) => Promise<void> | void;

/**
 * Fan-out of store changes to webhooks out. `publish` awaits every listener: a synchronous webhook
 * that fails makes it reject, and the store then does not commit the change (Adobe Commerce runs
 * observers inside the save transaction, so a required webhook's failure aborts the shop action).
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async publish(change: StoreChange): Promise<void> {
    for (const listener of this.listeners) await listener(change);
  }
}
