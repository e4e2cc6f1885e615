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
  const status = async <T extends { status: string; testRun?: { runId: number } }>(action: 'test' | 'enable' | 'disable', ref: ProfileRef, change: () => Promise<T>) => {
    const before = await profiles.get(ref);
    const after = await change();
    await audit.record(who, `profile.${action}`, target(before), [
      ...(before.status === after.status ? [] : [{ path: 'status', from: before.status, to: after.status }]),
      // A test with execution names the dry run it made (stored as a run of the history).
      ...(after.testRun ? [{ path: 'testRun', to: after.testRun.runId }] : []),
    ]);
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

    /** With `execute`, only after a dry run on a sample (ProfileService.test); the entry names its run. */
    test: (ref: ProfileRef, options: Parameters<ProfileService['test']>[1] = {}) => status('test', ref, () => profiles.test(ref, options)),
    enable: (ref: ProfileRef) => status('enable', ref, () => profiles.enable(ref)),
    disable: (ref: ProfileRef) => status('disable', ref, () => profiles.disable(ref)),

    async create(typeId: string, name?: string) {
      const row = await profiles.create(typeId, name);
      await audit.record(who, 'profile.create', target(row), [{ path: 'typeId', to: row.typeId }, { path: 'name', to: row.name }]);
      return row;
    },

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
