import type { Logger } from 'pino';
import type { RunSearch } from '../../profiles/run-search.js';
import type { ProfileService } from '../../profiles/service.js';
import type { QueueBackend } from '../../queue/port.js';
import type { DeadLetters } from '../dead-letters.js';
import type { Relay } from '../inbox/relay.js';
import type { InboxStore } from '../inbox/store.js';
import type { PickLists } from '../pick-lists.js';
import type { Session, Sessions } from './session.js';

/** What the admin web app works through: the same services the admin API uses. */
export interface UiDeps {
  tokens: readonly string[];
  profiles: ProfileService;
  runs: RunSearch;
  store: InboxStore;
  relay: Relay;
  deadLetters: DeadLetters;
  queue: QueueBackend;
  jobQueues: readonly string[];
  logger: Logger;
  /** "Collect configuration data": the values of the connected systems, shared with the admin API. */
  pickLists: PickLists;
}

export type UiEnv = { Variables: { session: Session; form: Record<string, unknown> } };
export type UiContext = UiDeps & { sessions: Sessions };
