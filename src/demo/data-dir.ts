import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../cli/context.js';

/** Marks a folder the demo created, so a later demo may wipe it without risking a real install's data. */
const MARKER = '.plentygate-demo';

/**
 * Empties the demo's data folder (every demo starts fresh). A non-empty folder without the marker is
 * refused: `--data-dir ./var/data` by mistake must not delete a real install's database.
 */
export function freshDemoDataDir(dir: string): { path: string; wiped: boolean } {
  const path = resolve(dir);
  let wiped = false;
  if (existsSync(path) && readdirSync(path).length > 0) {
    if (!existsSync(join(path, MARKER))) {
      throw new UsageError(
        `${path} is not empty and was not created by plentygate demo; choose another --data-dir (the demo wipes it at start).`,
      );
    }
    rmSync(path, { recursive: true, force: true });
    wiped = true;
  }
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, MARKER), 'Data of `plentygate demo`, wiped at every start.\n');
  return { path, wiped };
}
