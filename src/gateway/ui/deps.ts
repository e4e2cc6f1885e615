import type { Logger } from 'pino';
import type { RunSearch } from '../../profiles/run-search.js';
import type { ProfileService } from '../../profiles/service.js';
import type { QueueBackend } from '../../queue/port.js';
import type { DeadLetters } from '../dead-letters.js';
import type { Relay } from '../inbox/relay.js';
import type { InboxStore } from '../inbox/store.js';
import type { PickLists } from '../pick-lists.js';
import type { Session, Sessions } from './session.js';
import type { AuditLog } from '../../access/audit.js';
import type { TokenAccess } from '../../access/tokens.js';
import type { CredentialAdmin } from '../../credentials/admin.js';
import type { DatabaseHandle } from '../../db/client.js';
import type { Connectors } from '../../connectors/services.js';

/** What the admin web app works through: the same services the admin API uses. */
export interface UiDeps {
  /** PLENTYGATE_API_TOKENS' tokens: the session cookie's signing key is derived from them. */
  tokens: readonly string[];
  /** Who may sign in, with which role. */
  access: TokenAccess;
  audit: AuditLog;
  /** Absent where the process has no credential store (the page says so). */
  credentials?: CredentialAdmin | undefined;
  /** For the entity links page. */
  db: DatabaseHandle;
  connectors?: Connectors | undefined;
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
