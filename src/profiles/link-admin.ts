/**
 * Entity links a merchant can see and fix (`plentygate link:*`, `/api/v1/links`): list, map, unmap,
 * and `match`, which pairs the categories of two catalogues that already exist on both sides (the
 * usual migration) by their path of names or by name, and stores the pairs on request.
 */
import type { Connectors } from '../connectors/services.js';
import type { Database } from '../db/client.js';
import { createLinkStore, type EntityLink } from './links.js';
import { matchCategories, type CategoryMatch } from './types/plenty_category_export/match.js';
import { categoryExportConfigSchema } from './types/plenty_category_export/config.js';
import { createPlentyRoot } from './types/plenty_category_export/root.js';
import type { ProfileService } from './service.js';
import { LinkInputError, type LinkEntity } from './link-entities.js';

const linkTypeOf = (entity: LinkEntity): string => (entity === 'contact' ? 'customer' : entity);

export interface LinkView {
  entity: LinkEntity;
  magentoKey: string;
  plentyId: string;
  lastWrittenAt: string | null;
  meta: unknown;
}

const view = (entity: LinkEntity, l: EntityLink): LinkView => ({
  entity, magentoKey: l.magentoKey, plentyId: l.plentyId, lastWrittenAt: l.lastWrittenAt ? new Date(l.lastWrittenAt).toISOString() : null, meta: l.meta ?? null,
});

export interface LinkDeps {
  db: Database;
  profiles: ProfileService;
  connectors?: Connectors | undefined;
}

export function linkAdmin(deps: LinkDeps) {
  const links = createLinkStore(deps.db);
  const exportConfig = async () => categoryExportConfigSchema.parse((await deps.profiles.get('plenty_category_export')).config);
  const needConnectors = () => {
    if (!deps.connectors) throw new LinkInputError('This process has no connectors to Magento and PlentyONE.');
    return deps.connectors;
  };

  return {
    async list(entity: LinkEntity, filter: { magentoKey?: string; plentyId?: string; limit?: number } = {}): Promise<LinkView[]> {
      return (await links.list(linkTypeOf(entity), filter)).map((l) => view(entity, l));
    },

    /** Links a Magento key to a PlentyONE id; refused when either side is linked to something else already. */
    async map(entity: LinkEntity, magentoKey: string, plentyId: string): Promise<LinkView> {
      const type = linkTypeOf(entity);
      if (!magentoKey.trim() || !/^\d+$/.test(plentyId)) throw new LinkInputError('Give the Magento key (--magento) and the PlentyONE id (--plenty, a number).');
      const taken = await links.byPlentyId(type, plentyId);
      if (taken && taken.magentoKey !== magentoKey) {
        throw new LinkInputError(`PlentyONE ${entity} ${plentyId} is already linked to Magento ${taken.magentoKey}: unmap that link first (link:unmap --entity ${entity} --magento ${taken.magentoKey}).`);
      }
      const own = await links.get(type, magentoKey);
      // A new target means nothing written so far stands for it: the next run writes it (no hash).
      const hash = own?.plentyId === plentyId ? own.hash : null;
      await links.upsert({ entityType: type, magentoKey, plentyId, hash, meta: { ...(own?.meta as object | undefined), source: 'manual' } });
      return view(entity, (await links.get(type, magentoKey))!);
    },

    /** Removes the link of a Magento key (or of a PlentyONE id); the records themselves stay. */
    async unmap(entity: LinkEntity, ref: { magentoKey?: string; plentyId?: string }): Promise<boolean> {
      const type = linkTypeOf(entity);
      const key = ref.magentoKey ?? (ref.plentyId !== undefined ? (await links.byPlentyId(type, ref.plentyId))?.magentoKey : undefined);
      if (key === undefined) {
        if (ref.magentoKey === undefined && ref.plentyId === undefined) throw new LinkInputError('Give --magento <key> or --plenty <id>.');
        return false;
      }
      return links.remove(type, key);
    },

    /** Pairs the categories of both catalogues below each mapped root; `apply` stores the pairs. */
    async match(entity: LinkEntity, by: 'path' | 'name', apply: boolean): Promise<CategoryMatch> {
      if (entity !== 'category') throw new LinkInputError('link:match matches categories (--entity category); other entities are linked by their runs (SKU, external order id).');
      const config = await exportConfig();
      if (config.rootMapping.length === 0 || config.storeMapping.length === 0) {
        throw new LinkInputError('Configure the category export first: link:match reads its rootMapping and storeMapping (profile:config:import).');
      }
      const connectors = needConnectors();
      const [magento, plenty] = await Promise.all([connectors.magento(config.connection.magento), connectors.plenty(config.connection.plenty)]);
      const result = await matchCategories({ magento, plenty, links }, config, by);
      if (apply) {
        await links.upsertMany(result.matched.map((m) => ({ entityType: 'category', magentoKey: String(m.magentoId), plentyId: String(m.plentyId), meta: { rootId: m.rootId, source: 'match' } })));
      }
      return { ...result, applied: apply };
    },

    /** Creates the PlentyONE category of a Magento root and maps it in the category export's rootMapping. */
    async createRoot(magentoRootId: number, name?: string): Promise<{ magentoRootId: number; plentyCategoryId: number }> {
      const config = await exportConfig();
      if (config.rootMapping.some((r) => r.magentoRootId === magentoRootId && r.plentyCategoryId !== undefined)) {
        throw new LinkInputError(`Magento root ${magentoRootId} is already mapped to a PlentyONE category in the category export's rootMapping.`);
      }
      const connectors = needConnectors();
      const [magento, plenty] = await Promise.all([connectors.magento(config.connection.magento), connectors.plenty(config.connection.plenty)]);
      const plentyCategoryId = await createPlentyRoot({ magento, plenty }, config, magentoRootId, name);
      const rootMapping = [...config.rootMapping.filter((r) => r.magentoRootId !== magentoRootId), { magentoRootId, plentyCategoryId }];
      const stored = (await deps.profiles.get('plenty_category_export')).config as Record<string, unknown>;
      await deps.profiles.updateConfig('plenty_category_export', { ...stored, rootMapping });
      return { magentoRootId, plentyCategoryId };
    },
  };
}

export type LinkAdmin = ReturnType<typeof linkAdmin>;
