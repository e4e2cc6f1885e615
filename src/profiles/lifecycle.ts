/**
 * A profile's lifecycle: created → configured → tested → active ⇄ disabled. Only these moves are valid;
 * anything else is refused with a sentence that says what to do instead.
 */
export type ProfileStatus = 'created' | 'configured' | 'tested' | 'active' | 'disabled';
export type LifecycleAction = 'configure' | 'unconfigure' | 'test' | 'enable' | 'disable';

const moves: Record<LifecycleAction, Partial<Record<ProfileStatus, ProfileStatus>>> = {
  // A config that is complete makes a new profile configured; a tested one must be tested again.
  configure: { created: 'configured', configured: 'configured', tested: 'configured', active: 'active', disabled: 'disabled' },
  // A config that became incomplete sends a profile that is not running (disabled included) back to created.
  unconfigure: { created: 'created', configured: 'created', tested: 'created', disabled: 'created' },
  test: { configured: 'tested', tested: 'tested', disabled: 'disabled', active: 'active' },
  enable: { tested: 'active', disabled: 'active', active: 'active' },
  disable: { active: 'disabled', disabled: 'disabled' },
};

const advice: Record<LifecycleAction, string> = {
  configure: 'check its config',
  unconfigure: 'disable it first, then change the config',
  test: 'complete its config first (`plentygate profile:config:import`)',
  enable: 'test it first (`plentygate profile:test`)',
  disable: 'only an active profile can be disabled',
};

export class LifecycleError extends Error {
  /** A refused move is the caller's mistake (HTTP 409 in the API, exit code 2 in the CLI). */
  readonly status = 409;
  constructor(readonly from: ProfileStatus, readonly action: LifecycleAction) {
    super(`A profile that is ${from} cannot ${action === 'unconfigure' ? 'lose required config' : action}: ${advice[action]}.`);
    this.name = 'LifecycleError';
  }
}

export function transition(from: ProfileStatus, action: LifecycleAction): ProfileStatus {
  const to = moves[action][from];
  if (!to) throw new LifecycleError(from, action);
  return to;
}
