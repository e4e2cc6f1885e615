import { and, eq, lt } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { entityLinks } from '../../../db/schema/index.js';
import { RetryAfterError } from '../../../queue/errors.js';
import type { RunContext } from '../../profile-type.js';

/** What claims need of a run: any profile type that creates contacts shares them (customer export). */
type Ctx = Pick<RunContext<unknown>, 'db' | 'run' | 'signal'>;

/**
 * Atomic claims on a Magento key, so two workers never export the same order (or create the same
 * contact) at once: the first to insert the claim row wins (the link table's unique index decides,
 * on PostgreSQL and PGlite alike). A claim belongs to a run, so the retry of a failed run (same run
 * id) finds its own claim and carries on; a claim left by a run that died is taken over after the lease.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * `attempted`: the claim was held before, by this run (a retry) or by one whose claim ran out or was
 * given up after a failed write; that attempt may have written the record. `unansweredAt`: when a
 * write under the claim last went without an answer (see `markUnanswered`).
 */
export type ClaimResult = { held: true; attempted: boolean; unansweredAt?: Date } | { held: false };

const claimType = (kind: string) => `claim:${kind}`;
/** The entity type of the claim rows of `kind`. */
export const heldClaimType = claimType;
const ownerOf = (ctx: Ctx) => `run:${ctx.run.id}`;

export async function claim(ctx: Ctx, kind: string, key: string): Promise<ClaimResult> {
  const entityType = claimType(kind);
  const owner = ownerOf(ctx);
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = new Date();
    const inserted = await ctx.db.insert(entityLinks)
      .values({ entityType, magentoKey: key, plentyId: owner, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ key: entityLinks.magentoKey });
    if (inserted.length) return { held: true, attempted: false };
    const [row] = await ctx.db.select().from(entityLinks)
      .where(and(eq(entityLinks.entityType, entityType), eq(entityLinks.magentoKey, key)));
    if (!row) continue; // released between our insert and select: try again
    if (row.plentyId === owner) return { held: true, attempted: true, ...unanswered(row.meta) };
    if (now.getTime() - row.updatedAt.getTime() < CLAIM_LEASE_MS) return { held: false };
    const taken = await ctx.db.update(entityLinks)
      .set({ plentyId: owner, updatedAt: now })
      .where(and(
        eq(entityLinks.entityType, entityType), eq(entityLinks.magentoKey, key),
        eq(entityLinks.plentyId, row.plentyId), lt(entityLinks.updatedAt, new Date(now.getTime() - CLAIM_LEASE_MS)),
      ))
      .returning({ key: entityLinks.magentoKey });
    return taken.length ? { held: true, attempted: true, ...unanswered(row.meta) } : { held: false };
  }
  return { held: false };
}

/**
 * The claim row as this run holds it: a link written with `{ releasing: heldClaim(…) }` gives up the
 * claim in the same statement (one round trip instead of two on every export).
 */
export const heldClaim = (ctx: Ctx, kind: string, key: string) => ({ entityType: claimType(kind), magentoKey: key, plentyId: ownerOf(ctx) });

export async function release(ctx: Ctx, kind: string, key: string): Promise<void> {
  await ctx.db.delete(entityLinks).where(and(
    eq(entityLinks.entityType, claimType(kind)), eq(entityLinks.magentoKey, key), eq(entityLinks.plentyId, ownerOf(ctx)),
  ));
}

/**
 * Lets other runs take the claim at once while this run still recognises it as its own (its retry
 * then knows it attempted the write before).
 */
export async function expire(ctx: Ctx, kind: string, key: string): Promise<void> {
  await ctx.db.update(entityLinks).set({ updatedAt: new Date(0) }).where(and(
    eq(entityLinks.entityType, claimType(kind)), eq(entityLinks.magentoKey, key), eq(entityLinks.plentyId, ownerOf(ctx)),
  ));
}

/**
 * The write under this claim got no answer (timeout, dropped connection): PlentyONE may still carry it
 * out. The claim stays with this run (the lease counts from now) and keeps the moment, also for a run
 * that takes it over, so nobody writes again before that write would have landed.
 */
export async function markUnanswered(ctx: Ctx, kind: string, key: string): Promise<void> {
  const now = new Date();
  await ctx.db.update(entityLinks).set({ updatedAt: now, meta: { unansweredAt: now.toISOString() } }).where(and(
    eq(entityLinks.entityType, claimType(kind)), eq(entityLinks.magentoKey, key), eq(entityLinks.plentyId, ownerOf(ctx)),
  ));
}

function unanswered(meta: Record<string, unknown> | null): { unansweredAt?: Date } {
  const at = typeof meta?.unansweredAt === 'string' ? new Date(meta.unansweredAt) : undefined;
  return at && !Number.isNaN(at.getTime()) ? { unansweredAt: at } : {};
}

const POLL_MS = 200;
const WAIT_MS = 10_000;

/**
 * Finds a record or creates it, never twice at once: `linked` (a cheap link-table read) is asked
 * first and while another run holds the claim; `remote` (an API lookup) and `create` run only under
 * the claim. A claim held for longer than the wait sends the job back to the queue to retry.
 */
export async function findOrCreate<T>(
  ctx: Ctx,
  kind: string,
  key: string,
  steps: {
    linked: () => Promise<T | undefined>;
    remote?: () => Promise<T | undefined>;
    /** Creates and links the record; `releasing` is the claim, for its link write to give up (see `createReleases`). */
    create: (releasing: ReturnType<typeof heldClaim>) => Promise<T>;
    /** The link write of `create` gave up the claim (`{ releasing }`): no statement of its own to release it. */
    createReleases?: boolean;
  },
): Promise<T> {
  const early = await steps.linked();
  if (early !== undefined) return early;
  for (let waited = 0; ; waited += POLL_MS) {
    const claimed = await claim(ctx, kind, key);
    if (claimed.held) {
      let released = false;
      try {
        const found = (await steps.linked()) ?? (await steps.remote?.());
        if (found !== undefined) return found;
        const created = await steps.create(heldClaim(ctx, kind, key));
        released = steps.createReleases === true;
        return created;
      } finally {
        if (!released) await release(ctx, kind, key);
      }
    }
    if (waited >= WAIT_MS) {
      throw new RetryAfterError(`Another run has been creating ${kind} "${key}" for over ${WAIT_MS / 1000} s; the next attempt tries again.`, 2_000);
    }
    await sleep(POLL_MS, undefined, { signal: ctx.signal });
    const found = await steps.linked();
    if (found !== undefined) return found;
  }
}
