import type { ChangeFeed } from './changes.js';
import { MagentoStoreError, noSuchEntity } from './errors.js';
import type { Category } from './types.js';

export interface CategoryPatch {
  parentId?: number;
  name?: string;
  isActive?: boolean;
  position?: number;
  includeInMenu?: boolean;
}

/** Magento's invisible tree root (id 1) above the store's root category (id 2). */
export const TREE_ROOT_ID = 1;
export const DEFAULT_ROOT_ID = 2;

/**
 * Categories. Catalogs have a few hundred categories at most, so the generated tree is copied into a
 * map at start and edited in place.
 */
export class CategoryRepository {
  private readonly byId = new Map<number, Category>();
  private nextId: number;

  constructor(
    generated: Category[],
    private readonly changes: ChangeFeed,
    private readonly now: () => number,
    epochMs: number,
  ) {
    this.byId.set(TREE_ROOT_ID, {
      id: TREE_ROOT_ID,
      parentId: 0,
      name: 'Root Catalog',
      storeNames: {},
      isActive: true,
      position: 0,
      level: 0,
      path: '1',
      includeInMenu: true,
      createdAt: epochMs,
      updatedAt: epochMs,
    });
    for (const category of generated) this.byId.set(category.id, category);
    if (!this.byId.has(DEFAULT_ROOT_ID)) {
      this.byId.set(DEFAULT_ROOT_ID, {
        id: DEFAULT_ROOT_ID,
        parentId: TREE_ROOT_ID,
        name: 'Default Category',
        storeNames: {},
        isActive: true,
        position: 1,
        level: 1,
        path: '1/2',
        includeInMenu: true,
        createdAt: epochMs,
        updatedAt: epochMs,
      });
    }
    this.nextId = Math.max(...this.byId.keys()) + 1;
  }

  get count(): number {
    return this.byId.size;
  }

  get(id: number): Category | undefined {
    return this.byId.get(id);
  }

  require(id: number): Category {
    const category = this.byId.get(id);
    if (!category) throw noSuchEntity('No such entity with %fieldName = %fieldValue', { fieldName: 'id', fieldValue: id });
    return category;
  }

  /** All categories in id order. */
  list(): Category[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  childrenOf(id: number): Category[] {
    return this.list()
      .filter((c) => c.parentId === id)
      .sort((a, b) => a.position - b.position || a.id - b.id);
  }

  /** Number of descendants (Magento's `children_count`). */
  descendantCount(id: number): number {
    const prefix = `${this.require(id).path}/`;
    let count = 0;
    for (const c of this.byId.values()) if (c.path.startsWith(prefix)) count++;
    return count;
  }

  /** Name as seen in one store view. */
  nameIn(category: Category, storeCode: string): string {
    return category.storeNames[storeCode] ?? category.name;
  }

  async create(patch: CategoryPatch & { name: string }): Promise<Category> {
    const parentId = patch.parentId ?? DEFAULT_ROOT_ID;
    const parent = this.byId.get(parentId);
    if (!parent) throw noSuchEntity('No such entity with %fieldName = %fieldValue', { fieldName: 'id', fieldValue: parentId });
    if (!patch.name.trim()) throw new MagentoStoreError('The "%1" attribute value is empty. Set the attribute and try again.', ['name']);
    const id = this.nextId;
    const now = this.now();
    const category: Category = {
      id,
      parentId,
      name: patch.name,
      storeNames: {},
      isActive: patch.isActive ?? true,
      position: patch.position ?? this.childrenOf(parentId).length + 1,
      level: parent.level + 1,
      path: `${parent.path}/${id}`,
      includeInMenu: patch.includeInMenu ?? true,
      createdAt: now,
      updatedAt: now,
    };
    await this.changes.publish({ entity: 'category', kind: 'saved', category });
    this.nextId++;
    this.byId.set(id, category);
    return category;
  }

  /** Updates a category; a name saved through a store view code becomes that view's name. */
  async update(id: number, patch: CategoryPatch, storeCode: string): Promise<Category> {
    const current = this.require(id);
    const next: Category = { ...current, updatedAt: this.now() };
    if (patch.name !== undefined) {
      if (storeCode === 'all' || storeCode === 'admin') next.name = patch.name;
      else next.storeNames = { ...current.storeNames, [storeCode]: patch.name };
    }
    if (patch.isActive !== undefined) next.isActive = patch.isActive;
    if (patch.position !== undefined) next.position = patch.position;
    if (patch.includeInMenu !== undefined) next.includeInMenu = patch.includeInMenu;
    await this.changes.publish({ entity: 'category', kind: 'saved', category: next });
    this.byId.set(id, next);
    return next;
  }
}
