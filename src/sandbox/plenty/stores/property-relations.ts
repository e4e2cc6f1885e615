/**
 * Property values of variations (`/rest/v2/properties/relations`, type "item", target the variation id)
 * and the selection values of selection properties (`/rest/v2/properties/selections`). Four properties
 * exist from the start (property 2, a selection, with two values); more are created through
 * `POST /rest/v2/properties`. Property and selection names have ids of their own, by which they are
 * renamed (routes/property-names.ts).
 */
/** A property's or a selection's name in one language. */
export interface NameRow { id: number; lang: string; name: string; description?: string }
/** A property or a selection: what owns names. */
export interface NamedRow { id: number; names: NameRow[] }
export interface PropertyRow extends NamedRow { cast: string; type: string; position: number }

const INITIAL_PROPERTIES = [
  { cast: 'shortText', type: 'item', position: 0, names: [{ lang: 'de', name: 'Material' }, { lang: 'en', name: 'Material' }] },
  { cast: 'selection', type: 'item', position: 1, names: [{ lang: 'de', name: 'Pflegehinweis' }, { lang: 'en', name: 'Care instructions' }] },
  { cast: 'float', type: 'item', position: 2, names: [{ lang: 'de', name: 'Füllmenge' }, { lang: 'en', name: 'Filling quantity' }] },
  { cast: 'shortText', type: 'order', position: 0, names: [{ lang: 'de', name: 'Gutscheincode' }, { lang: 'en', name: 'Coupon code' }] },
];
export interface RelationValueRow { id: number; relationId: number; lang: string; value: string; description: string }
export interface RelationRow {
  id: number; propertyId: number; type: string; targetId: number; value: string | null;
  values: RelationValueRow[]; selectionIds: number[]; createdAtMs: number; updatedAtMs: number;
}
export interface SelectionRow extends NamedRow { propertyId: number; position: number }

/** The name with id `nameId` among `owners`' names, with its owner's id. */
function nameAmong(owners: Iterable<NamedRow>, nameId: number): { ownerId: number; name: NameRow } | undefined {
  for (const owner of owners) {
    const name = owner.names.find((n) => n.id === nameId);
    if (name) return { ownerId: owner.id, name };
  }
  return undefined;
}

export class PropertyRelationStore {
  private readonly relations = new Map<number, RelationRow>();
  readonly selections = new Map<number, SelectionRow>();
  readonly properties: PropertyRow[] = [];
  private nextPropertyId = 1;
  private nextId = 1;
  /** Bumped by every relation write (the PIM search's propertyUpdatedAt answers depend on it). */
  version = 0;

  constructor(private readonly now: () => number) {
    for (const p of INITIAL_PROPERTIES) this.addProperty(p);
    this.addSelection(2, [{ lang: 'de', name: 'Handwäsche' }, { lang: 'en', name: 'Hand wash' }]);
    this.addSelection(2, [{ lang: 'de', name: 'Maschinenwäsche' }, { lang: 'en', name: 'Machine wash' }]);
  }

  addProperty(input: { cast: string; type: string; position?: number; names: { lang: string; name: string }[] }): PropertyRow {
    const id = this.nextPropertyId++;
    const row = { id, cast: input.cast, type: input.type, position: input.position ?? 0, names: input.names.map((n, i) => ({ id: id * 10 + i, lang: n.lang, name: n.name })) };
    this.properties.push(row);
    return row;
  }

  property(id: number): PropertyRow | undefined {
    return this.properties.find((p) => p.id === id);
  }

  addSelection(propertyId: number, names: { lang: string; name: string }[]): SelectionRow {
    const id = this.nextId++;
    const position = [...this.selections.values()].filter((s) => s.propertyId === propertyId).length;
    const row = { id, propertyId, position, names: names.map((n) => ({ id: this.nextId++, lang: n.lang, name: n.name })) };
    this.selections.set(id, row);
    return row;
  }

  /** A property name by its id (`/rest/v2/properties/names/{nameId}`). */
  propertyName(nameId: number): { ownerId: number; name: NameRow } | undefined {
    return nameAmong(this.properties, nameId);
  }

  /** A selection name by its id (`/rest/v2/properties/selections/names/{nameId}`). */
  selectionName(nameId: number): { ownerId: number; name: NameRow } | undefined {
    return nameAmong(this.selections.values(), nameId);
  }

  /** Changes a name in place: its id, owner and language stay, so every read shows the new text. */
  rename(name: NameRow, change: { name?: string; description?: string }): void {
    if (change.name !== undefined) name.name = change.name;
    if (change.description !== undefined) name.description = change.description;
  }

  selectionsOf(propertyId: number): SelectionRow[] {
    return [...this.selections.values()].filter((s) => s.propertyId === propertyId);
  }

  list(filter: { targetId?: number; propertyId?: number; type?: string }): RelationRow[] {
    return [...this.relations.values()].filter((r) => (filter.targetId === undefined || r.targetId === filter.targetId)
      && (filter.propertyId === undefined || r.propertyId === filter.propertyId) && (filter.type === undefined || r.type === filter.type));
  }

  get(id: number): RelationRow | undefined {
    return this.relations.get(id);
  }

  create(input: { propertyId: number; type: string; targetId: number; value: string | null; values: { lang: string; value: string }[]; selectionIds: number[] }): RelationRow {
    const t = this.now();
    const id = this.nextId++;
    const row: RelationRow = {
      id, propertyId: input.propertyId, type: input.type, targetId: input.targetId, value: input.value,
      values: input.values.map((v) => ({ id: this.nextId++, relationId: id, lang: v.lang, value: v.value, description: '' })),
      selectionIds: input.selectionIds, createdAtMs: t, updatedAtMs: t,
    };
    this.relations.set(id, row);
    this.version++;
    return row;
  }

  delete(id: number): boolean {
    this.version++;
    return this.relations.delete(id);
  }
}
