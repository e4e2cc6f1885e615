import type { LinkAdmin } from '../profiles/link-admin.js';
import type { LinkEntity } from '../profiles/link-entities.js';
import type { AuditLog } from './audit.js';
import type { Principal } from './principal.js';

/** Mapping and unmapping an entity link by hand, written to the audit log (links decide what a sync overwrites). */
export function auditedLinks(links: LinkAdmin, audit: AuditLog, who: Principal) {
  return {
    async map(entity: LinkEntity, magentoKey: string, plentyId: string) {
      const before = (await links.list(entity, { magentoKey, limit: 1 }))[0];
      const after = await links.map(entity, magentoKey, plentyId);
      if (before?.plentyId !== after.plentyId) {
        await audit.record(who, 'link.map', `${entity} link ${magentoKey}`, [{ path: 'plentyId', ...(before ? { from: before.plentyId } : {}), to: after.plentyId }]);
      }
      return after;
    },
    async unmap(entity: LinkEntity, ref: { magentoKey?: string | undefined; plentyId?: string | undefined }) {
      const before = ref.magentoKey !== undefined
        ? (await links.list(entity, { magentoKey: ref.magentoKey, limit: 1 }))[0]
        : ref.plentyId !== undefined ? (await links.list(entity, { plentyId: ref.plentyId, limit: 1 }))[0] : undefined;
      const removed = await links.unmap(entity, ref);
      if (removed && before) await audit.record(who, 'link.unmap', `${entity} link ${before.magentoKey}`, [{ path: 'plentyId', from: before.plentyId }]);
      return removed;
    },
  };
}
