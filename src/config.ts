import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * plentygate's configuration, read from the environment (and an optional `.env` in the working
 * directory, whose values never override the real environment). Every variable is documented in the
 * README; `ConfigError` lists every problem at once so an operator fixes them in one go.
 */
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalUrl = (protocols: string[], what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine(
      (v) => v === undefined || protocols.some((p) => v.startsWith(p)),
      `expected a ${what} URL starting with ${protocols.join(' or ')}`,
    );

const port = z.coerce
  .number({ message: 'expected a port number' })
  .int('expected a whole port number')
  .min(1, 'expected a port between 1 and 65535')
  .max(65535, 'expected a port between 1 and 65535');

const secretKey = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const buf = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
    if (buf.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected 32 bytes as 64 hex characters or base64 (generate one with `plentygate secret:generate`)',
      });
      return z.NEVER;
    }
    return buf;
  });

const wholeNumber = (min: number, max: number | undefined, what: string) => {
  const expects = `expected ${what}: a whole number ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}`;
  const n = z.coerce.number({ message: expects }).int(expects).min(min, expects);
  return max === undefined ? n : n.max(max, expects);
};

export const configSchema = z.object({
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://'], 'PostgreSQL'),
  PLENTYGATE_DATA_DIR: z.string().trim().min(1).default('./var/data'),
  REDIS_URL: optionalUrl(['redis://', 'rediss://'], 'Redis'),
  REDIS_PREFIX: z.string().trim().min(1).default('plentygate'),
  PORT: port.default(8080),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(logLevels, { message: `expected one of ${logLevels.join(', ')}` }).default('info'),
  PLENTYGATE_SECRET_KEY: secretKey,
  PLENTYGATE_WORKER_CONCURRENCY: wholeNumber(1, 256, 'the number of jobs a worker runs at once').default(4),
  PLENTYGATE_SHUTDOWN_TIMEOUT_MS: wholeNumber(0, undefined, 'milliseconds to wait for running jobs on shutdown').default(30_000),
  PLENTYGATE_JOB_LEASE_MS: wholeNumber(1000, 3_600_000, 'milliseconds a running job stays claimed without renewal').default(30_000),
  PLENTYGATE_API_TIMEOUT_MS: wholeNumber(100, 600_000, 'milliseconds a PlentyONE or Magento call may take').default(30_000),
});

/**
 * PLENTYGATE_SECRET_KEY encrypts credentials at rest. Optional at start-up: commands that never touch
 * credentials (profile:list, migrate) run without it, and the embedded default keeps a generated key in
 * its data folder (see `src/crypto/secret-key.ts`).
 */
export type Config = z.infer<typeof configSchema> & {
  /** Where the embedded database (and its secret.key) lives, resolved; the database part is unused with DATABASE_URL. */
  dataDir: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads `.env` from `cwd` if present; real environment variables win. */
export function environmentWithDotenv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): NodeJS.ProcessEnv {
  const file = resolve(cwd, '.env');
  if (!existsSync(file)) return env;
  return { ...parseDotenv(readFileSync(file)), ...env };
}

export function loadConfig(env: NodeJS.ProcessEnv = environmentWithDotenv()): Config {
  // A variable set to nothing (`PORT=` in a .env template) means "not set": the default applies.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = configSchema.safeParse(given);
  if (!result.success) {
    // One line per variable: a value that breaks several rules needs one fix, not several sentences.
    const problems = new Map<string, string>();
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? '(environment)');
      const message = issue.code === 'invalid_type' && given[name] === undefined && !issue.message.startsWith('is required')
        ? 'is required'
        : issue.message;
      if (!problems.has(name)) problems.set(name, `${name}: ${message}`);
    }
    throw new ConfigError([...problems.values()]);
  }
  return { ...result.data, dataDir: resolve(result.data.PLENTYGATE_DATA_DIR) };
}
