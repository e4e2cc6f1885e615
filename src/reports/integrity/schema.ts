import { z } from 'zod';

/** One thing that is not as it should be, with what the fix would queue (the profile and the record's id). */
export const integrityIssueSchema = z.object({
  check: z.enum(['orders', 'variations', 'stock']),
  problem: z.enum(['order-missing', 'order-total', 'variation-missing', 'variation-differs', 'stock-drift']),
  /** The record, as the profile that syncs it names it (increment id, SKU, variation id). */
  key: z.string(),
  detail: z.string(),
  /** The profile type whose `ids` run repairs it, and the id that run takes. */
  fix: z.object({ profile: z.string(), id: z.string() }),
});
export type IntegrityIssue = z.infer<typeof integrityIssueSchema>;

export const checkResultSchema = z.object({
  /** Records compared. */
  checked: z.number().int(),
  issues: z.array(integrityIssueSchema),
  /** Set when the check could not run (no credentials, profile not configured). */
  skipped: z.string().optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const integrityReportSchema = z.object({
  generatedAt: z.string(),
  /** Orders created since then were compared. */
  since: z.string(),
  orders: checkResultSchema.optional(),
  variations: checkResultSchema.optional(),
  stock: checkResultSchema.optional(),
});
export type IntegrityReport = z.infer<typeof integrityReportSchema>;

export const integrityChecks = ['orders', 'variations', 'stock'] as const;
export type IntegrityCheck = (typeof integrityChecks)[number];

/** What a fix queued: one `ids` run per profile. */
export const integrityFixSchema = z.array(z.object({ profile: z.string(), ids: z.array(z.string()), jobId: z.string() }));
export type IntegrityFix = z.infer<typeof integrityFixSchema>;
