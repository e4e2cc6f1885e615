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

const csv = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

export const configSchema = z.object({
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://'], 'PostgreSQL'),
  PLENTYGATE_DATA_DIR: z.string().trim().min(1).default('./var/data'),
  REDIS_URL: optionalUrl(['redis://', 'rediss://'], 'Redis'),
  REDIS_PREFIX: z.string().trim().min(1).default('plentygate'),
  PORT: port.default(8080),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(logLevels, { message: `expected one of ${logLevels.join(', ')}` }).default('info'),
  PLENTYGATE_SECRET_KEY: secretKey,
  PLENTYGATE_API_TOKENS: csv,
  PLENTYGATE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  PLENTYGATE_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
});

/**
 * PLENTYGATE_SECRET_KEY encrypts credentials at rest. Optional at start-up: commands that never touch
 * credentials (profile:list, migrate) run without it, and the embedded default keeps a generated key in
 * its data folder (see `src/crypto/secret-key.ts`).
 */
export type Config = z.infer<typeof configSchema> & {
  /** Where the embedded database lives, resolved; undefined when DATABASE_URL is set. */
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
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      const message = issue.code === 'invalid_type' && env[name] === undefined && !issue.message.startsWith('is required')
        ? 'is required'
        : issue.message;
      return `${name}: ${message}`;
    });
    throw new ConfigError(problems);
  }
  return { ...result.data, dataDir: resolve(result.data.PLENTYGATE_DATA_DIR) };
}
