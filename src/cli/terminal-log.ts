/**
 * Log lines for a person at a terminal. Services read plentygate's logs as JSON lines (pino), but on
 * a terminal a JSON line next to an error message reads like a crash dump, so there each entry becomes
 * one line: `12:00:01 WARN message (key=value, …)`. Redaction and scrubbing happen before this
 * (src/logger.ts), so nothing here can reveal a secret the JSON line would not.
 */
import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from '../logger.js';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** pino's own fields, shown in the line's head or not at all. */
const OWN_FIELDS = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);

function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  const message = (value as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message; // an error: its message, not its stack
  return JSON.stringify(value);
}

/** One pino JSON line → one readable line (a line that is not JSON passes through unchanged). */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '';
  const level = LEVELS[entry.level as number] ?? String(entry.level ?? '');
  const fields = Object.entries(entry).filter(([key]) => !OWN_FIELDS.has(key)).map(([key, value]) => `${key}=${fieldText(value)}`);
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  return `${[time, level, message].filter(Boolean).join(' ')}${fields.length ? ` (${fields.join(', ')})` : ''}\n`;
}

/** Writes readable lines to stderr. */
export function terminalLogStream(): DestinationStream {
  return { write: (line: string) => void process.stderr.write(formatLogLine(line)) };
}

/** The CLI's logger: readable lines when stderr is a terminal, JSON lines otherwise. */
export function createCliLogger(level: string): Logger {
  return createLogger(level, process.stderr.isTTY ? { stream: terminalLogStream() } : {});
}
