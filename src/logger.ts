import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths that may carry secrets anywhere in a log object; pino replaces them before anything is written. */
const redact = [
  'password', '*.password', 'token', '*.token', 'accessToken', '*.accessToken', 'access_token', '*.access_token',
  'refreshToken', '*.refreshToken', 'secret', '*.secret', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', '*.headers.authorization', 'signKey', '*.signKey',
];

/**
 * JSON lines on stderr, or on `stream` when given (the CLI writes readable lines on a terminal:
 * src/cli/terminal-log.ts).
 */
export function createLogger(level: string, options: { destination?: number; stream?: DestinationStream } = {}): Logger {
  return pino(
    { level, redact: { paths: redact, censor: '[redacted]' }, base: { service: 'plentygate' } },
    options.stream ?? pino.destination({ dest: options.destination ?? 2, sync: false }),
  );
}

export type { Logger };
