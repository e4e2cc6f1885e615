import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class EmbeddedDatabaseBusyError extends Error {
  /** "serve (pid 123)": who holds the database. */
  readonly holder: string;
  constructor(dataDir: string, pid: number, command: string) {
    super(
      `The embedded database in ${dataDir} is in use by another plentygate process (pid ${pid}, ${command}). ` +
        'PGlite allows one process at a time: stop that process, use its admin API, or set DATABASE_URL to ' +
        'PostgreSQL to run several processes.',
    );
    this.name = 'EmbeddedDatabaseBusyError';
    this.holder = `${command} (pid ${pid})`;
  }
}

/**
 * PGlite must never be opened by two processes at once (it would corrupt the data folder), so the
 * embedded runtime holds a pid file. A file left by a process that died is taken over.
 */
export function lockEmbeddedDatabase(dataDir: string, command: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 }); // the data folder: owner only (see db/client.ts)
  const file = join(dataDir, 'plentygate.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, command }));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new EmbeddedDatabaseBusyError(dataDir, holder.pid, holder.command);
      }
      unlinkSync(file);
    }
  }
  throw new Error(`Could not lock the embedded database in ${dataDir}`);
}

function readHolder(file: string): { pid: number; command: string } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { pid: number; command: string };
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
