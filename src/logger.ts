import { pino, type Logger } from 'pino';

/** Paths that may carry secrets anywhere in a log object; pino replaces them before anything is written. */
const redact = [
  'password', '*.password', 'token', '*.token', 'accessToken', '*.accessToken', 'access_token', '*.access_token',
  'refreshToken', '*.refreshToken', 'secret', '*.secret', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', '*.headers.authorization', 'signKey', '*.signKey',
];

export function createLogger(level: string, options: { destination?: number } = {}): Logger {
  return pino(
    { level, redact: { paths: redact, censor: '[redacted]' }, base: { service: 'plentygate' } },
    pino.destination({ dest: options.destination ?? 2, sync: false }),
  );
}

export type { Logger };
