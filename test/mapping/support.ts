/** Helpers of the mapping tests: write calls seen by a sandbox, and a profile service that can dry-run. */
import { pino } from 'pino';
import type { Database } from '../../src/db/client.js';
import type { ProfileServices } from '../../src/profiles/profile-type.js';
import type { ProfileRegistry } from '../../src/profiles/registry.js';
import { createProfileService } from '../../src/profiles/service.js';
import type { RequestLog } from '../../src/sandbox/common/request-log.js';

// Calls that read although they are POSTs: PlentyONE's login, Magento's token and GraphQL queries.
const READING_POSTS = new Set(['POST /rest/login', 'POST /graphql', 'POST /rest/V1/integration/admin/token', 'POST /V1/integration/admin/token']);

/** "METHOD /route" → count of every call that writes (POST, PUT, PATCH, DELETE) a sandbox has answered. */
export function writeCalls(log: RequestLog): Record<string, number> {
  return Object.fromEntries(Object.entries(log.snapshot().byRoute)
    .filter(([key]) => /^(POST|PUT|PATCH|DELETE) /.test(key) && !READING_POSTS.has(key) && !key.includes('/_sandbox')));
}

export function dryRunService(db: Database, registry: ProfileRegistry, services: ProfileServices) {
  return createProfileService({ db, registry, dryRun: () => ({ services, log: pino({ level: 'silent' }) }) });
}
