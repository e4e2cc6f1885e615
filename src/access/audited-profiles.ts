import type { ProfileDetails, ProfileRef, ProfileService } from '../profiles/service.js';
import { diffValues, type AuditChange, type AuditLog } from './audit.js';
import type { Principal } from './principal.js';

const target = (p: { id: number; name: string }) => `profile ${p.id} (${p.name})`;
const scheduleView = (p: ProfileDetails) => p.schedules.map(({ id: _id, ...s }) => s);

/**
 * The profile service's changes, each written to the audit log with who made it: config and name,
 * schedules, test, enable, disable, import. The API, the app and the CLI change profiles through this,
 * so the log is the same whoever made the change. A change that fails is not logged (nothing changed).
 */
export function auditedProfiles(profiles: ProfileService, audit: AuditLog, who: Principal) {
  const status = async (action: 'test' | 'enable' | 'disable', ref: ProfileRef) => {
    const before = await profiles.get(ref);
    const after = await profiles[action](ref);
    await audit.record(who, `profile.${action}`, target(before), before.status === after.status ? [] : [{ path: 'status', from: before.status, to: after.status }]);
    return after;
  };
  const configChanges = (before: ProfileDetails, after: ProfileDetails): AuditChange[] => [
    ...(before.name === after.name ? [] : [{ path: 'name', from: before.name, to: after.name }]),
    ...diffValues(before.config, after.config, 'config'),
    ...(before.status === after.status ? [] : [{ path: 'status', from: before.status, to: after.status }]),
  ];

  return {
    async updateConfig(ref: ProfileRef, config: unknown, name?: string): Promise<ProfileDetails> {
      const before = await profiles.get(ref);
      await profiles.updateConfig(ref, config, name);
      const after = await profiles.get(ref);
      await audit.record(who, 'profile.config', target(after), configChanges(before, after));
      return after;
    },

    async setSchedules(ref: ProfileRef, schedules: unknown) {
      const before = await profiles.get(ref);
      const result = await profiles.setSchedules(ref, schedules);
      const after = await profiles.get(ref);
      await audit.record(who, 'profile.schedules', target(after), diffValues(scheduleView(before), scheduleView(after), 'schedules'));
      return result;
    },

    test: (ref: ProfileRef) => status('test', ref) as Promise<ProfileDetails>,
    enable: (ref: ProfileRef) => status('enable', ref),
    disable: (ref: ProfileRef) => status('disable', ref),

    async importConfig(document: unknown): Promise<ProfileDetails> {
      const typeId = (document as { typeId?: unknown } | null)?.typeId;
      const before = typeof typeId === 'string' ? await profiles.get(typeId).catch(() => undefined) : undefined;
      const after = await profiles.importConfig(document);
      const changes = before
        ? [...configChanges(before, after), ...diffValues(scheduleView(before), scheduleView(after), 'schedules')]
        : diffValues(undefined, { name: after.name, config: after.config });
      await audit.record(who, before ? 'profile.import' : 'profile.create', target(after), changes);
      return after;
    },
  };
}

export type AuditedProfiles = ReturnType<typeof auditedProfiles>;
