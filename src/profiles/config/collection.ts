import { z } from 'zod';

/**
 * How a run collects source records. `delta` is the extension's "append" (changes since the last
 * watermark, with an overlap so clock skew never loses a change); `full` is its "replace" (re-collect
 * everything). The page size is capped per source route.
 */
export const pageSizeLimits = {
  /** `itemsPerPage` maximum documented for /rest/pim/variations; other PlentyONE list routes clamp there too. */
  plenty: 250,
  /** Magento REST `searchCriteria[pageSize]` maximum when the store's input limits are on. */
  magento: 300,
} as const;

export const DEFAULT_PAGE_SIZE = 50;

export function collectionSchema(source: keyof typeof pageSizeLimits) {
  const max = pageSizeLimits[source];
  const api = source === 'plenty' ? 'PlentyONE' : 'Magento';
  return z
    .strictObject({
      mode: z
        .enum(['delta', 'full'], { error: () => 'mode is "delta" (changes since the last run) or "full" (everything)' })
        .default('delta')
        .describe('delta: only records changed since the last collected watermark ("append"); full: re-collect everything ("replace").'),
      pageSize: z
        .number({ error: () => 'pageSize must be a whole number' })
        .int('pageSize must be a whole number')
        .min(1, 'pageSize must be at least 1')
        .max(max, `pageSize can be at most ${max} (the ${api} API's maximum page size)`)
        .default(DEFAULT_PAGE_SIZE)
        .describe(`Records per ${api} API page (1–${max}). Larger pages mean fewer calls against the call budget.`),
      overlapSeconds: z
        .number()
        .int()
        .min(0)
        .max(86_400)
        .default(300)
        .describe('A delta scan starts this many seconds before the watermark so changes stamped late are not missed.'),
      initialSince: z
        .iso.datetime({ offset: true, error: () => 'initialSince is an ISO 8601 date-time such as 2024-01-01T00:00:00Z' })
        .optional()
        .describe('Where the first delta scan starts when no watermark exists yet (default: collect everything once).'),
    })
    .describe(`How records are collected from ${api}.`);
}

export type CollectionConfig = z.infer<ReturnType<typeof collectionSchema>>;
