/**
 * A customer profile (export or import) beside the order export, against both sandboxes: the order
 * export harness (database, credentials, connectors) with one more profile, run through `executeRun`.
 */
import { pino } from 'pino';
import { builtinRegistry } from '../../src/profiles/registry.js';
import { executeRun } from '../../src/profiles/runner.js';
import type { RunInput, RunTrigger } from '../../src/profiles/profile-type.js';
import { startOrderExportHarness } from './order-export-harness.js';

export type CustomerHarness = Awaited<ReturnType<typeof startCustomerHarness>>;

export async function startCustomerHarness(typeId: 'plenty_customer_export' | 'plenty_customer_import', baseConfig: Record<string, unknown>) {
  const h = await startOrderExportHarness();
  const registry = await builtinRegistry();
  const profileId = (await h.service.create(typeId)).id;
  /** The base config with these settings on top. */
  const configure = (extra: Record<string, unknown>) => h.service.updateConfig(profileId, { ...baseConfig, ...extra });
  await configure({});
  return {
    h,
    profileId,
    configure,
    run: (input: RunInput, trigger: RunTrigger = 'manual') =>
      executeRun({ db: h.db.db, registry, log: pino({ level: 'silent' }), services: { connectors: h.connectors } }, { profileId, trigger, input }),
    /** The profile as the admin sees it with these settings (then the base config again). */
    async detailsWith(extra: Record<string, unknown>) {
      await configure(extra);
      try {
        return await h.service.get(profileId);
      } finally {
        await configure({});
      }
    },
    ids: (...keys: (string | number)[]) => ({ mode: 'ids' as const, ids: keys.map(String) }),
  };
}
