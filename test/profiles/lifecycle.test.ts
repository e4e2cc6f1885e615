import { describe, expect, it } from 'vitest';
import { LifecycleError, transition, type LifecycleAction, type ProfileStatus } from '../../src/profiles/lifecycle.js';

const statuses: ProfileStatus[] = ['created', 'configured', 'tested', 'active', 'disabled'];

/** The whole table: every action from every status, the status it leads to, or undefined when refused. */
const expected: Record<LifecycleAction, Record<ProfileStatus, ProfileStatus | undefined>> = {
  configure: { created: 'configured', configured: 'configured', tested: 'configured', active: 'active', disabled: 'disabled' },
  unconfigure: { created: 'created', configured: 'created', tested: 'created', active: undefined, disabled: 'created' },
  test: { created: undefined, configured: 'tested', tested: 'tested', active: 'active', disabled: 'disabled' },
  enable: { created: undefined, configured: undefined, tested: 'active', active: 'active', disabled: 'active' },
  disable: { created: undefined, configured: undefined, tested: undefined, active: 'disabled', disabled: 'disabled' },
};

const refusals: Record<string, string> = {
  'unconfigure active': 'A profile that is active cannot lose required config: disable it first, then change the config.',
  'test created': 'A profile that is created cannot test: complete its config first (`plentygate profile:config:import`).',
  'enable created': 'A profile that is created cannot enable: test it first (`plentygate profile:test`).',
  'enable configured': 'A profile that is configured cannot enable: test it first (`plentygate profile:test`).',
  'disable created': 'A profile that is created cannot disable: only an active profile can be disabled.',
  'disable configured': 'A profile that is configured cannot disable: only an active profile can be disabled.',
  'disable tested': 'A profile that is tested cannot disable: only an active profile can be disabled.',
};

describe('profile lifecycle', () => {
  for (const [action, row] of Object.entries(expected) as [LifecycleAction, Record<ProfileStatus, ProfileStatus | undefined>][]) {
    for (const from of statuses) {
      const to = row[from];
      if (to) {
        it(`${action} moves ${from} → ${to}`, () => {
          expect(transition(from, action)).toBe(to);
        });
      } else {
        it(`${action} is refused from ${from}, saying what to do instead`, () => {
          let error: unknown;
          try {
            transition(from, action);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(LifecycleError);
          expect((error as LifecycleError).message).toBe(refusals[`${action} ${from}`]);
          expect(error).toMatchObject({ from, action, name: 'LifecycleError' });
        });
      }
    }
  }

  it('walks the documented path created → configured → tested → active ⇄ disabled', () => {
    let status: ProfileStatus = 'created';
    for (const action of ['configure', 'test', 'enable', 'disable', 'enable', 'disable'] as const) status = transition(status, action);
    expect(status).toBe('disabled');
  });
});
