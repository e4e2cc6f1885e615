import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a running `serve` answers, for the CLI: with the embedded database that process holds the
 * database, so the CLI sends its commands to serve's admin API instead. `serve` writes
 * `<data dir>/serve.json` (its pid and URL, no secret) when it listens and removes it when it stops.
 */
const FILE = 'serve.json';

export interface ServeAddress {
  pid: number;
  url: string;
}

export function writeServeAddress(dataDir: string, url: string): () => void {
  const file = join(dataDir, FILE);
  writeFileSync(file, JSON.stringify({ pid: process.pid, url }), { mode: 0o600 });
  return () => {
    try {
      if (readServeAddress(dataDir)?.pid === process.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

export function readServeAddress(dataDir: string): ServeAddress | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as Partial<ServeAddress>;
    return typeof parsed.pid === 'number' && typeof parsed.url === 'string' ? { pid: parsed.pid, url: parsed.url } : undefined;
  } catch {
    return undefined;
  }
}
