import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { rowsOf } from '../db/driver.js';
import { profileRuns } from '../db/schema/index.js';

/**
 * An execution's hold on a run: the run's `owner_token` as it was when this execution started or resumed
 * it. A queue job whose lease lapsed (a worker starved of CPU misses its lock renewal) is handed to a
 * second worker while the first still runs; the second execution takes a new token, and every write the
 * first makes afterwards is refused, in the same statement that would have made it.
 */
export interface RunOwner {
  runId: number;
  token: number;
}

/** Another execution took the run over: this one must stop and write nothing more. */
export class RunSupersededError extends Error {
  constructor(readonly runId: number) {
    super(`Run ${runId} was taken over by another execution (its queue job lease lapsed); this execution stopped without writing.`);
    this.name = 'RunSupersededError';
  }
}

export const isSuperseded = (error: unknown): error is RunSupersededError => error instanceof RunSupersededError;

/**
 * The condition that makes a statement write only while `owner` still holds the run. `for share` keeps
 * the run row's token as read until the statement's transaction ends: an execution taking the run over
 * (which updates the token) waits for it, so a write is either in before the takeover or refused.
 */
export function heldBy(owner: RunOwner): SQL {
  return sql`exists (select 1 from ${profileRuns} where ${profileRuns.id} = ${owner.runId} and ${profileRuns.ownerToken} = ${owner.token} for share)`;
}

/**
 * `heldBy` for a statement given as text (`runStatement`): the owner's run id and token are its values
 * `$first` and `$first + 1`.
 */
export function heldByText(first: number): string {
  return `exists (select 1 from profile_runs where id = $${first} and owner_token = $${first + 1} for share)`;
}

/** Throws when `owner` no longer holds the run (after a fenced write that changed no row, to tell why). */
export async function assertHeld(db: Database, owner: RunOwner): Promise<void> {
  const rows = await db.execute(sql`select 1 from ${profileRuns} where ${profileRuns.id} = ${owner.runId} and ${profileRuns.ownerToken} = ${owner.token}`);
  if (rowsOf(rows).length === 0) throw new RunSupersededError(owner.runId);
}

