/**
 * Categories: the paged search with details (per client and language) and clients, batch create and
 * update (the routes take arrays), delete, and removing a category from every client.
 */
import { z } from 'zod';
import { scan } from '../paging.js';
import type { PageOptions, Scan } from '../paging.js';
import { envelopeOf } from '../schemas/common.js';
import { plentyCategorySchema } from '../schemas/categories.js';
import type { PlentyCategory } from '../schemas/categories.js';
import type { PlentyTransport } from '../transport.js';
import { w3c } from './time.js';
import type { Timestamp } from './time.js';

export interface CategoryQuery extends PageOptions {
  type?: 'item' | 'container' | 'content' | 'blog';
  parentId?: number;
  plentyId?: number;
  /** 1: top-level categories. */
  level?: number;
  /** Languages of the details; PlentyONE answers the system's default language only when absent. */
  langs?: readonly string[];
  /** Relations: `details`, `clients`. */
  with?: readonly string[];
  updatedSince?: Timestamp;
}

/** A detail row to write: one client (plentyId) and language. */
export interface CategoryDetailBody {
  plentyId: number;
  lang: string;
  name?: string;
  [field: string]: string | number | undefined;
}

export interface CategoryBody {
  id?: number;
  parentCategoryId?: number | null;
  type?: 'item' | 'container' | 'content' | 'blog';
  linklist?: 'Y' | 'N';
  right?: 'all' | 'customer';
  sitemap?: 'Y' | 'N';
  details?: CategoryDetailBody[];
  clients?: { plentyId: number }[];
}

const written = z.array(plentyCategorySchema);

export function categoryCalls(t: PlentyTransport) {
  return {
    scan(q: CategoryQuery = {}): Scan<PlentyCategory> {
      return scan(t, '/rest/categories', plentyCategorySchema, {
        ...q,
        query: {
          type: q.type,
          parentId: q.parentId,
          plentyId: q.plentyId,
          level: q.level,
          lang: q.langs,
          with: q.with,
          updatedAt: q.updatedSince === undefined ? undefined : w3c(q.updatedSince),
        },
      });
    },

    async get(id: number, langs: readonly string[], signal?: AbortSignal): Promise<PlentyCategory | undefined> {
      const answer = await t.request('GET', '/rest/categories/{id}', {
        path: { id }, query: { with: ['details', 'clients'], lang: langs }, schema: envelopeOf(plentyCategorySchema), signal,
      }).catch((error: unknown) => {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      });
      return answer?.entries[0];
    },

    /** Not retried on a lost answer: the caller looks the category up by name before creating again. */
    create: (bodies: CategoryBody[], signal?: AbortSignal): Promise<PlentyCategory[]> =>
      t.request('POST', '/rest/categories', { body: bodies, schema: written, signal }),

    update: (bodies: CategoryBody[], signal?: AbortSignal): Promise<PlentyCategory[]> =>
      t.request('PUT', '/rest/categories', { body: bodies, schema: written, idempotent: true, signal }),

    delete: (id: number, signal?: AbortSignal): Promise<unknown> =>
      t.request('DELETE', '/rest/categories/{id}', { path: { id }, schema: z.unknown(), idempotent: true, signal }),

    /** The category stays, but no client (webstore) shows it any more. */
    unlinkClients: (id: number, signal?: AbortSignal): Promise<unknown> =>
      t.request('DELETE', '/rest/categories/{id}/clients', { path: { id }, schema: z.unknown(), idempotent: true, signal }),
  };
}

export type CategoryCalls = ReturnType<typeof categoryCalls>;
