import type { AlertRow } from '../store.js';

/** Where a batch of alerts goes. `send` throws when the batch did not arrive (it is retried next interval). */
export interface AlertChannel {
  readonly name: 'email' | 'webhook';
  send(batch: readonly AlertRow[]): Promise<void>;
  close(): void;
}
