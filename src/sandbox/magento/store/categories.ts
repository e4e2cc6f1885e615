import type { ChangeFeed } from './changes.js';
import { MagentoStoreError, noSuchEntity } from './errors.js';
import type { Category, CategoryTexts } from './types.js';

export interface CategoryPatch {
  parentId?: number;
  name?: string;
  isActive?: boolean;
  position?: number;
  includeInMenu?: boolean;
  texts?: Partial<CategoryTexts>;
}

/** Magento's answer when two categories would get the same URL (CategoryRepository wraps it). */
export const URL_KEY_EXISTS = 'URL key for specified store already exists.';

const emptyTexts = (): CategoryTexts => ({ urlKey: '', description: '', metaTitle: '', metaKeywords: '', metaDescription: '' });

/** Magento's `formatUrlKey`: lower case ASCII, dashes. */
export function urlKeyOf(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
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
    /** Codes of the store views (URL keys are unique per store view). */
    private readonly storeCodes: () => string[] = () => [],
  ) {
    this.byId.set(TREE_ROOT_ID, {
      id: TREE_ROOT_ID,
      parentId: 0,
      name: 'Root Catalog',
      storeNames: {},
      texts: { ...emptyTexts(), urlKey: 'root-catalog' },
      storeTexts: {},
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
        texts: { ...emptyTexts(), urlKey: 'default-category' },
        storeTexts: {},
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

  /** Texts as one store view sees them (its overrides over the global values). */
  textsIn(category: Category, storeCode: string): CategoryTexts {
    return { ...category.texts, ...category.storeTexts[storeCode] };
  }

  /**
   * Creates a category at global scope, or with its texts saved for one store view too when the REST
   * route names one (as Magento's store-scoped save does).
   */
  async create(patch: CategoryPatch & { name: string }, storeCode = 'all'): Promise<Category> {
    const parentId = patch.parentId ?? DEFAULT_ROOT_ID;
    const parent = this.byId.get(parentId);
    if (!parent) throw noSuchEntity('No such entity with %fieldName = %fieldValue', { fieldName: 'id', fieldValue: parentId });
    if (!patch.name.trim()) throw new MagentoStoreError('The "%1" attribute value is empty. Set the attribute and try again.', ['name']);
    const id = this.nextId;
    const now = this.now();
    const texts = { ...emptyTexts(), ...definedOf(patch.texts) };
    texts.urlKey = urlKeyOf(texts.urlKey || patch.name);
    const category: Category = {
      id,
      parentId,
      name: patch.name,
      storeNames: {},
      texts,
      storeTexts: {},
      isActive: patch.isActive ?? true,
      position: patch.position ?? this.childrenOf(parentId).length + 1,
      level: parent.level + 1,
      path: `${parent.path}/${id}`,
      includeInMenu: patch.includeInMenu ?? true,
      createdAt: now,
      updatedAt: now,
    };
    if (storeCode !== 'all' && storeCode !== 'admin') category.storeNames[storeCode] = patch.name;
    this.requireUniqueUrlKeys(category);
    await this.changes.publish({ entity: 'category', kind: 'saved', category });
    this.nextId++;
    this.byId.set(id, category);
    return category;
  }

  /** Deletes a category and its subcategories (Magento refuses the root categories, levels 0 and 1). */
  async delete(id: number): Promise<void> {
    const category = this.require(id);
    if (category.level <= 1) throw new MagentoStoreError('Cannot delete category with id %1', [String(id)]);
    const prefix = `${category.path}/`;
    for (const c of [...this.byId.values()]) if (c.path.startsWith(prefix)) this.byId.delete(c.id);
    await this.changes.publish({ entity: 'category', kind: 'deleted', category });
    this.byId.delete(id);
  }

  /**
   * URL paths must be unique per store view: a sibling with the same URL key in any store view is
   * refused, as Magento's URL rewrite generation refuses it.
   */
  private requireUniqueUrlKeys(category: Category): void {
    const siblings = this.childrenOf(category.parentId).filter((c) => c.id !== category.id);
    for (const code of ['all', ...this.storeCodes()]) {
      const key = this.textsIn(category, code).urlKey;
      if (siblings.some((s) => this.textsIn(s, code).urlKey === key)) {
        throw new MagentoStoreError('Could not save category: %1', [URL_KEY_EXISTS]);
      }
    }
  }

  /**
   * `CategoryManagementInterface::move`: the category and its subtree go below `parentId`, after the
   * sibling `afterId`. As Magento does: `afterId` defaults to the parent's last child (an `afterId`
   * above that child's id is replaced by it, a numeric compare of ids); a parent whose path starts with
   * the category's path (itself or a descendant — a plain string prefix test) is refused; positions
   * close the gap in the old parent and open one after `afterId` in the new parent; and any failure of
   * the move itself (here: a URL key a new sibling has) becomes "Could not move category".
   */
  async move(id: number, parentId: number, afterId?: number): Promise<void> {
    const category = this.require(id);
    const parent = this.require(parentId);
    const children = this.childrenOf(parentId);
    const lastId = children.at(-1)?.id;
    const after = lastId === undefined ? afterId : (afterId === undefined || afterId > lastId ? lastId : afterId);
    if (parent.path.startsWith(category.path)) {
      throw new MagentoStoreError('Operation do not allow to move a parent category to any of children category');
    }
    const position = after ? (this.byId.get(after)?.position ?? 0) + 1 : 1;
    const moved: Category = { ...category, parentId, level: parent.level + 1, path: `${parent.path}/${id}`, position, updatedAt: this.now() };
    try {
      this.requireUniqueUrlKeys(moved);
    } catch {
      throw new MagentoStoreError('Could not move category');
    }
    for (const c of [...this.byId.values()]) {
      if (c.id === id) continue;
      if (c.parentId === category.parentId && c.position > category.position) this.byId.set(c.id, { ...c, position: c.position - 1 });
    }
    for (const c of [...this.byId.values()]) {
      if (c.id !== id && c.parentId === parentId && c.position >= position) this.byId.set(c.id, { ...c, position: c.position + 1 });
    }
    await this.changes.publish({ entity: 'category', kind: 'saved', category: moved });
    for (const c of [...this.byId.values()]) {
      if (c.path.startsWith(`${category.path}/`)) this.byId.set(c.id, { ...c, path: moved.path + c.path.slice(category.path.length), level: c.level + moved.level - category.level });
    }
    this.byId.set(id, moved);
  }

  /** Updates a category; names and texts saved through a store view code become that view's values. */
  async update(id: number, patch: CategoryPatch, storeCode: string): Promise<Category> {
    const current = this.require(id);
    const next: Category = { ...current, updatedAt: this.now() };
    const global = storeCode === 'all' || storeCode === 'admin';
    if (patch.name !== undefined) {
      if (global) next.name = patch.name;
      else next.storeNames = { ...current.storeNames, [storeCode]: patch.name };
    }
    const texts = definedOf(patch.texts);
    if (texts.urlKey !== undefined) texts.urlKey = urlKeyOf(texts.urlKey);
    if (Object.keys(texts).length) {
      if (global) next.texts = { ...current.texts, ...texts };
      else next.storeTexts = { ...current.storeTexts, [storeCode]: { ...current.storeTexts[storeCode], ...texts } };
    }
    if (patch.parentId !== undefined && patch.parentId !== current.parentId) {
      const parent = this.require(patch.parentId);
      next.parentId = parent.id;
      next.level = parent.level + 1;
      next.path = `${parent.path}/${id}`;
    }
    if (patch.isActive !== undefined) next.isActive = patch.isActive;
    if (patch.position !== undefined) next.position = patch.position;
    if (patch.includeInMenu !== undefined) next.includeInMenu = patch.includeInMenu;
    this.requireUniqueUrlKeys(next);
    await this.changes.publish({ entity: 'category', kind: 'saved', category: next });
    if (next.path !== current.path) {
      for (const c of this.byId.values()) {
        if (c.path.startsWith(`${current.path}/`)) this.byId.set(c.id, { ...c, path: next.path + c.path.slice(current.path.length), level: c.level + next.level - current.level });
      }
    }
    this.byId.set(id, next);
    return next;
  }
}

function definedOf(texts: Partial<CategoryTexts> | undefined): Partial<CategoryTexts> {
  return Object.fromEntries(Object.entries(texts ?? {}).filter(([, v]) => v !== undefined)) as Partial<CategoryTexts>;
}
