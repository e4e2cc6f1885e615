/** Helpers of the mapping tests: write calls seen by a sandbox, and a profile service that can dry-run. */
import { pino } from 'pino';
import type { Database } from '../../src/db/client.js';
import type { ProfileServices } from '../../src/profiles/profile-type.js';
import type { ProfileRegistry } from '../../src/profiles/registry.js';
import { createProfileService } from '../../src/profiles/service.js';
import type { RequestLog } from '../../src/sandbox/common/request-log.js';

// Calls that read although they are POSTs: PlentyONE's login and token refresh, Magento's token and
// GraphQL queries (plentygate's GraphQL operations are queries only: src/graphql/operations).
const READING_POSTS = new Set(['POST /rest/login', 'POST /rest/login/refresh', 'POST /graphql', 'POST /rest/V1/integration/admin/token', 'POST /V1/integration/admin/token']);

/** The write calls (POST, PUT, PATCH, DELETE) among a sandbox's calls by route. */
function writesAmong(byRoute: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(byRoute)
    .filter(([key]) => /^(POST|PUT|PATCH|DELETE) /.test(key) && !READING_POSTS.has(key) && !key.includes('/_sandbox')));
}

/** "METHOD /route" → count of every call that writes (POST, PUT, PATCH, DELETE) a sandbox has answered. */
export function writeCalls(log: RequestLog): Record<string, number> {
  return writesAmong(log.snapshot().byRoute);
}

/**
 * The write calls each sandbox has answered, read from its request log (`GET /_sandbox/requests`), so
 * a test holding only the sandboxes' URLs can say a dry run wrote to neither: compare before and after.
 */
export async function bothSandboxWrites(urls: { magento: string; plenty: string }): Promise<{ magento: Record<string, number>; plenty: Record<string, number> }> {
  const writesOf = async (url: string) => writesAmong(((await (await fetch(`${url}/_sandbox/requests`)).json()) as { byRoute?: Record<string, number> }).byRoute ?? {});
  return { magento: await writesOf(urls.magento), plenty: await writesOf(urls.plenty) };
}

export function dryRunService(db: Database, registry: ProfileRegistry, services: ProfileServices) {
  return createProfileService({ db, registry, dryRun: () => ({ services, log: pino({ level: 'silent' }) }) });
}
