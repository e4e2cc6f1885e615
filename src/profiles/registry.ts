import type { AnyProfileType, NormalizedEvent } from './profile-type.js';

export class UnknownProfileTypeError extends Error {
  readonly status = 404;
  constructor(typeId: string, known: string[]) {
    super(`Unknown profile type "${typeId}". Known types: ${known.join(', ')}`);
    this.name = 'UnknownProfileTypeError';
  }
}

/** The profile types this process knows: the nine built-in ones, plus any a test or plugin registers. */
export class ProfileRegistry {
  private readonly types = new Map<string, AnyProfileType>();

  constructor(types: Iterable<AnyProfileType>) {
    for (const type of types) this.register(type);
  }

  register(type: AnyProfileType): void {
    if (this.types.has(type.id)) throw new Error(`Profile type "${type.id}" is registered twice`);
    this.types.set(type.id, type);
  }

  get(typeId: string): AnyProfileType {
    const type = this.types.get(typeId);
    if (!type) throw new UnknownProfileTypeError(typeId, [...this.types.keys()]);
    return type;
  }

  has(typeId: string): boolean {
    return this.types.has(typeId);
  }

  all(): AnyProfileType[] {
    return [...this.types.values()];
  }

  /** Types whose triggers match a normalized event. */
  triggeredBy(event: NormalizedEvent): AnyProfileType[] {
    return this.all().filter((type) =>
      type.triggers.some(
        (t) => t.source === event.source && t.entity === event.entity && (!t.kinds || t.kinds.includes(event.kind)),
      ),
    );
  }
}

export async function builtinRegistry(): Promise<ProfileRegistry> {
  const { builtinProfileTypes } = await import('./types/index.js');
  return new ProfileRegistry(builtinProfileTypes);
}
