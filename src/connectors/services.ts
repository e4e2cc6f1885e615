import { Redis } from 'ioredis';
import type { SecretBox } from '../crypto/secret-box.js';
import { registerSecrets } from '../credentials/scrub.js';
import type { Credential } from '../credentials/schemas.js';
import type { CredentialStore } from '../credentials/store.js';
import { baseUrlProblem, resolvedAddressProblem } from '../credentials/url-policy.js';
import { NonRetryableError } from '../queue/errors.js';
import type { DatabaseHandle } from '../db/client.js';
import type { RunContext } from '../profiles/profile-type.js';
import { createMagentoClient, type MagentoClient } from './magento/index.js';
import { createPlentyClient, sharedPlentyState, type PlentyClient } from './plenty/index.js';
import type { PlentyMetrics } from './plenty/metrics.js';

/**
 * The clients a profile run talks through, made from stored credentials by name (a profile's
 * `connection.plenty` / `connection.magento`) and cached for the life of the process: every run of
 * this process shares one PlentyONE token and call budget per credential (across processes too,
 * through Redis when there is one).
 */
export interface Connectors {
  plenty(name: string): Promise<PlentyClient>;
  magento(name: string): Promise<MagentoClient>;
  /** Drops the client of a credential, so the next call uses the credential as stored now (after a change). */
  forget?(name: string): void;
  /**
   * Connectors whose clients refuse every call that would write (read-only.ts), for dry runs; they share
   * the token and call budget of these, and close with them.
   */
  readOnly?(): Connectors;
  close(): Promise<void>;
}

declare module '../profiles/profile-type.js' {
  interface ProfileServices {
    connectors?: Connectors;
  }
}

export interface ConnectorsOptions {
  credentials: () => CredentialStore;
  box: () => SecretBox;
  database: DatabaseHandle;
  redisUrl?: string | undefined;
  prefix: string;
  /** Per-call timeout for both systems (default 30 s). */
  timeoutMs?: number;
  /** PlentyONE refused a call for lack of budget (429): alerts. */
  onBudgetExhausted?: (event: { credential: string; route: string }) => void;
  /** Clients that refuse every call that would write (see `Connectors.readOnly`). */
  readOnly?: boolean;
}

export function createConnectors(options: ConnectorsOptions, shared?: { redis: () => Redis | undefined }): Connectors {
  const plentyClients = new Map<string, Promise<PlentyClient>>();
  const magentoClients = new Map<string, Promise<MagentoClient>>();
  let redis: Redis | undefined;
  const sharedRedis = shared?.redis ?? (() => (options.redisUrl ? (redis ??= new Redis(options.redisUrl, { maxRetriesPerRequest: 3 })) : undefined));
  let readOnly: Connectors | undefined;

  /** The stored credential, if its URL may still be sent credentials (rules may have tightened since it was stored). */
  const usable = async (name: string): Promise<Credential> => {
    const credential = await options.credentials().get(name);
    const problem = baseUrlProblem(credential.baseUrl, credential.allowInsecureHttp) ?? (await resolvedAddressProblem(credential.baseUrl));
    if (problem) throw new NonRetryableError(`The credential "${name}" is not used: ${problem}. Store it again with \`plentygate credential:set\`.`);
    return credential;
  };

  const cached = <T>(map: Map<string, Promise<T>>, name: string, make: () => Promise<T>): Promise<T> => {
    let client = map.get(name);
    if (!client) {
      client = make();
      map.set(name, client);
      client.catch(() => map.delete(name)); // a missing credential can be stored later
    }
    return client;
  };

  return {
    plenty: (name) =>
      cached(plentyClients, name, async () => {
        const credential = await usable(name);
        if (credential.kind !== 'plenty') throw new Error(`The credential "${name}" is for ${credential.kind}, not PlentyONE.`);
        registerSecrets(credential.password);
        const state = sharedPlentyState({ redis: sharedRedis(), prefix: options.prefix, database: options.database, box: options.box(), name });
        return createPlentyClient({
          baseUrl: credential.baseUrl, username: credential.username, password: credential.password,
          ...state, timeoutMs: options.timeoutMs ?? 30_000, readOnly: options.readOnly,
          ...(options.onBudgetExhausted ? { metrics: budgetWatch(name, options.onBudgetExhausted) } : {}),
        });
      }),
    magento: (name) =>
      cached(magentoClients, name, async () => {
        const credential = await usable(name);
        if (credential.kind !== 'magento') throw new Error(`The credential "${name}" is for ${credential.kind}, not Magento.`);
        const { auth } = credential;
        registerSecrets(...(auth.type === 'bearer' ? [auth.token] : [auth.consumerSecret, auth.accessToken, auth.accessTokenSecret]));
        return createMagentoClient({ baseUrl: credential.baseUrl, auth: credential.auth, timeoutMs: options.timeoutMs ?? 30_000, readOnly: options.readOnly });
      }),
    forget(name) {
      plentyClients.delete(name);
      magentoClients.delete(name);
      readOnly?.forget?.(name);
    },
    readOnly() {
      // One Redis connection for both: the token and call budget in it are shared.
      return (readOnly ??= createConnectors({ ...options, readOnly: true }, { redis: sharedRedis }));
    },
    async close() {
      redis?.disconnect();
    },
  };
}

/** Reports PlentyONE's 429 answers (each is retried after the Retry-After the throttle then honours). */
function budgetWatch(credential: string, report: NonNullable<ConnectorsOptions['onBudgetExhausted']>): PlentyMetrics {
  return { retry: (e) => (e.reason === '429' ? report({ credential, route: `${e.method} ${e.route}` }) : undefined) };
}

/** The connectors of a run, or a plain error when the host started the run without them. */
export function connectorsOf(ctx: Pick<RunContext<unknown>, 'services'>): Connectors {
  const connectors = ctx.services.connectors;
  if (!connectors) throw new Error('This run has no connectors: it must be started by plentygate (serve, worker or profile:run).');
  return connectors;
}
