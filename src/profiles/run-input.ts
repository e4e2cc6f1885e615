import type { RunInput } from './profile-type.js';

/**
 * What a run collects, given the profile's `collection.mode`: with "full" ("replace"), a run that would
 * collect changes since the watermark (a delta schedule, a manual run without a mode) re-collects
 * everything instead. Runs for named records and deltas from an explicit `since` stay as they are.
 */
export function effectiveInput(input: RunInput, config: unknown): RunInput {
  const mode = (config as { collection?: { mode?: unknown } } | undefined)?.collection?.mode;
  return input.mode === 'delta' && input.since === undefined && mode === 'full' ? { mode: 'full' } : input;
}
