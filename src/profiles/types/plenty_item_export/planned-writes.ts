/**
 * What the item export writes to PlentyONE while it reads a product, before any item is written: it
 * creates an attribute, an attribute value, a property selection or a property (attribute-values.ts,
 * properties.ts; each created and linked at once, so nothing is made twice), and renames a value or a
 * property whose Magento option or attribute was renamed. A dry run writes none of it: each is planned instead — a creation under
 * an id below zero that names nothing in PlentyONE — and the preview lists what the record would
 * write first. One per run, shared by the resolvers.
 */
import type { RunContext } from '../../profile-type.js';

/** A planned write's key: `new:<planned id>` for a creation, `value:` / `property:` / `selection:<id>` for a rename. */
export type PlannedKey = `new:${number}` | RenameKey;
/** A rename's key: the attribute value, property or selection value it renames. */
export type RenameKey = `value:${number}` | `property:${number}` | `selection:${number}`;

export class PlannedWrites {
  /** Planned write → what it would do, as a phrase ("create value …", "rename value …"). */
  private readonly planned = new Map<PlannedKey, string>();
  private next = -1;

  constructor(readonly dryRun: boolean) {}

  /** Creates (`create` answers the new id), or in a dry run plans it and answers a planned id. */
  async make(what: string, create: () => Promise<number>): Promise<number> {
    if (!this.dryRun) return create();
    const id = this.next--;
    this.planned.set(`new:${id}`, `create ${what}`);
    return id;
  }

  /** Renames an attribute value, a property or a selection value (`rename` writes it), or in a dry run plans it. */
  async rename(key: RenameKey, what: string, rename: () => Promise<void>): Promise<void> {
    if (this.dryRun) this.planned.set(key, `rename ${what}`);
    else await rename();
  }

  /** What the planned writes among `keys` would do, each once, in the order given. */
  describe(keys: Iterable<PlannedKey>): string[] {
    return [...new Set(keys)].flatMap((key) => this.planned.get(key) ?? []);
  }
}

const perRun = new WeakMap<object, PlannedWrites>();

/** The run's planned writes (keyed by its context: a dry run's context is its own). */
export function plannedWritesOf(ctx: Pick<RunContext<unknown>, 'dryRun'>): PlannedWrites {
  let planned = perRun.get(ctx);
  if (!planned) perRun.set(ctx, (planned = new PlannedWrites(ctx.dryRun === true)));
  return planned;
}
