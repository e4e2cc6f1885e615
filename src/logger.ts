import { pino, type DestinationStream, type Logger } from 'pino';
import { scrubText, scrubValue } from './credentials/scrub.js';

/** Paths that may carry secrets anywhere in a log object; pino replaces them before anything is written. */
const redact = [
  'password', '*.password', 'token', '*.token', 'accessToken', '*.accessToken', 'access_token', '*.access_token',
  'refreshToken', '*.refreshToken', 'secret', '*.secret', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', '*.headers.authorization', 'signKey', '*.signKey',
];

/** An error as pino shows it (type, message, stack, own fields), scrubbed: its text may quote an API's echo. */
function scrubbedError(error: unknown): unknown {
  if (!(error instanceof Error)) return scrubValue(error);
  return scrubValue(pino.stdSerializers.err(error));
}

/**
 * JSON lines on stderr. Secrets never reach them: known key paths are redacted, and every field and
 * message is scrubbed of the credentials in use and of token/password patterns (src/credentials/scrub.ts),
 * whichever way an error's text got into the line.
 * `stream` replaces stderr (the CLI writes readable lines on a terminal: src/cli/terminal-log.ts).
 */
export function createLogger(level: string, options: { destination?: number; stream?: DestinationStream } = {}): Logger {
  return pino(
    {
      level,
      redact: { paths: redact, censor: '[redacted]' },
      base: { service: 'plentygate' },
      serializers: { err: scrubbedError, error: scrubbedError },
      formatters: { log: (object) => scrubValue(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    options.stream ?? pino.destination({ dest: options.destination ?? 2, sync: false }),
  );
}

export type { Logger };
