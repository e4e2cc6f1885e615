/**
 * What the item export makes in PlentyONE while it reads a product, before any item is written: an
 * attribute, an attribute value, a property selection, a property (attribute-values.ts,
 * properties.ts; each created and linked at once, so nothing is made twice). A dry run makes none of
 * them: each is planned instead, under an id below zero that names nothing in PlentyONE, and the
 * preview lists what the record would create. One per run, shared by the resolvers.
 */
import type { RunContext } from '../../profile-type.js';

export class Creations {
  /** Planned id → what would be created. */
  private readonly planned = new Map<number, string>();
  private next = -1;

  constructor(readonly dryRun: boolean) {}

  /** Creates (`create` answers the new id), or in a dry run plans it and answers a planned id. */
  async make(what: string, create: () => Promise<number>): Promise<number> {
    if (!this.dryRun) return create();
    const id = this.next--;
    this.planned.set(id, what);
    return id;
  }

  /** What the planned ids among `ids` stand for, each once, in the order given. */
  describe(ids: Iterable<number>): string[] {
    return [...new Set([...ids].filter((id) => id < 0))].flatMap((id) => this.planned.get(id) ?? []);
  }
}

const perRun = new WeakMap<object, Creations>();

/** The run's creations (keyed by its context: a dry run's context is its own). */
export function creationsOf(ctx: Pick<RunContext<unknown>, 'dryRun'>): Creations {
  let creations = perRun.get(ctx);
  if (!creations) perRun.set(ctx, (creations = new Creations(ctx.dryRun === true)));
  return creations;
}
