import type { ProfileRef, ProfileService } from '../../profiles/service.js';
import type { AdminApi } from './admin-api.js';

/** What the profile commands use of the profile service; the same locally and through serve's admin API. */
export type ProfileOps = Pick<ProfileService,
  'list' | 'get' | 'create' | 'test' | 'dryRun' | 'enable' | 'disable' | 'setSchedules' | 'requestRun' | 'history' | 'run' | 'pauseRun' | 'resumeRun'
  | 'exportConfig' | 'importConfig' | 'cleanHistory'>;

type Out<K extends keyof ProfileOps> = Awaited<ReturnType<ProfileOps[K]>>;
const ref = (r: ProfileRef) => encodeURIComponent(String(r));

/** The profile service as serve's admin API offers it (same answers, dates revived, errors with their status). */
export function remoteProfiles(api: AdminApi): ProfileOps {
  return {
    list: () => api.call<Out<'list'>>('GET', '/profiles'),
    get: (r) => api.call<Out<'get'>>('GET', `/profiles/${ref(r)}`),
    create: (typeId, name) => api.call<Out<'create'>>('POST', '/profiles', { typeId, ...(name ? { name } : {}) }),
    test: (r, options = {}) => api.call<Out<'test'>>('POST', `/profiles/${ref(r)}/test`, options),
    dryRun: (r, input, limit) => {
      const i = input as { mode: string; since?: string; ids?: string[] };
      return api.call<Out<'dryRun'>>('POST', `/profiles/${ref(r)}/dry-run`, { mode: i.mode, ...(i.since ? { since: i.since } : {}), ...(i.ids ? { ids: i.ids } : {}), ...(limit ? { limit } : {}) });
    },
    enable: (r) => api.call<Out<'enable'>>('POST', `/profiles/${ref(r)}/enable`),
    disable: (r) => api.call<Out<'disable'>>('POST', `/profiles/${ref(r)}/disable`),
    setSchedules: (r, schedules) => api.call<Out<'setSchedules'>>('PUT', `/profiles/${ref(r)}/schedules`, schedules),
    requestRun: (r, request) => {
      const input = request.input as { mode: string; since?: string; ids?: string[] };
      return api.call<Out<'requestRun'>>('POST', `/profiles/${ref(r)}/runs`, { mode: input.mode, ...(input.since ? { since: input.since } : {}), ...(input.ids ? { ids: input.ids } : {}) });
    },
    history: (r, limit = 20) => api.call<Out<'history'>>('GET', `/profiles/${ref(r)}/history?limit=${limit}`),
    run: (runId) => api.call<Out<'run'>>('GET', `/runs/${runId}`),
    pauseRun: async (runId) => (await api.call<{ paused: boolean }>('POST', `/runs/${runId}/pause`)).paused,
    resumeRun: (runId) => api.call<Out<'resumeRun'>>('POST', `/runs/${runId}/resume`),
    exportConfig: (r) => api.call<Out<'exportConfig'>>('GET', `/profiles/${ref(r)}/export`),
    importConfig: (document) => api.call<Out<'importConfig'>>('POST', '/profiles/import', document),
    cleanHistory: async (days, r) => (await api.call<{ deleted: number }>('POST', '/runs/clean', { days, ...(r === undefined ? {} : { profile: String(r) }) })).deleted,
  };
}
