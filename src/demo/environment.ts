import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { UsageError } from '../cli/context.js';

/** The secrets one demo uses: made up at start, printed where the user needs them. */
export interface DemoSecrets {
  /** Standard Webhooks secret shared by the Magento sandbox and the gateway. */
  magentoWebhookSecret: string;
  /** Sign key the PlentyONE sandbox puts into its callbacks. */
  plentySignKey: string;
  /** Bearer token of the admin API. */
  apiToken: string;
}

export function generateSecrets(): DemoSecrets {
  return {
    magentoWebhookSecret: `whsec_${randomBytes(24).toString('base64')}`,
    // 32 random bytes each: serve refuses secrets under 24 bytes of entropy.
    plentySignKey: randomBytes(32).toString('hex'),
    apiToken: `demo_${randomBytes(32).toString('base64url')}`,
  };
}

/**
 * The environment plentygate runs on in the demo: the embedded default (no DATABASE_URL, no REDIS_URL,
 * whatever the shell has set), its own data folder, the generated secrets, and a short debounce so each
 * sync shows up quickly. Only LOG_LEVEL is taken from the caller.
 */
export function demoEnvironment(options: { dataDir: string; port: number; secrets: DemoSecrets; logLevel?: string | undefined }): NodeJS.ProcessEnv {
  return {
    PLENTYGATE_DATA_DIR: options.dataDir,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: options.logLevel || 'warn',
    PLENTYGATE_API_TOKENS: options.secrets.apiToken,
    MAGENTO_WEBHOOK_SECRET: options.secrets.magentoWebhookSecret,
    PLENTY_WEBHOOK_SIGN_KEY: options.secrets.plentySignKey,
    PLENTYGATE_DEBOUNCE_MS: '100',
    PLENTYGATE_SHUTDOWN_TIMEOUT_MS: '5000',
  };
}

/**
 * Fails with a sentence that says what to do when the gateway's port is taken (checked before anything
 * starts, since the sandboxes are told the gateway's URL up front).
 */
export function ensurePortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES'
        ? new UsageError(`Port ${port} is ${error.code === 'EACCES' ? 'not allowed' : 'in use'}; run the demo with --port <another port> (or --port 0 for any free one).`)
        : error);
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

