import type { LinkAdmin } from '../../profiles/link-admin.js';
import type { AdminApi } from './admin-api.js';

/** What the link commands use; the same locally and through serve's admin API. */
export type LinkOps = Pick<LinkAdmin, 'list' | 'map' | 'unmap' | 'match' | 'createRoot'>;
type Out<K extends keyof LinkOps> = Awaited<ReturnType<LinkOps[K]>>;

const query = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined).map(([k, v]): [string, string] => [k, String(v)]));
  return q.size ? `?${q}` : '';
};

/** /api/v1/links of serve (its 422 answers become usage errors, as LinkInputError does locally). */
export function remoteLinks(api: AdminApi): LinkOps {
  return {
    list: (entity, filter = {}) => api.call<Out<'list'>>('GET', `/links/${entity}${query({ magento: filter.magentoKey, plenty: filter.plentyId, limit: filter.limit })}`),
    map: (entity, magentoKey, plentyId) => api.call<Out<'map'>>('PUT', `/links/${entity}`, { magentoKey, plentyId }),
    unmap: async (entity, ref) => (await api.call<{ removed: boolean }>('DELETE', `/links/${entity}${query({ magento: ref.magentoKey, plenty: ref.plentyId })}`)).removed,
    match: (_entity, by, apply) => api.call<Out<'match'>>('POST', '/links/category/match', { by, apply }),
    createRoot: (magentoRootId, name) => api.call<Out<'createRoot'>>('POST', '/links/category/roots', { magentoRootId, ...(name ? { name } : {}) }),
  };
}
