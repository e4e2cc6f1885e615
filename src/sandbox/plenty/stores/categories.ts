/** Categories: overlay over the generated tree (names per language become `details`). */
import { categoryIdOf, categoryIndexOfId } from '../../generator/ids.js';
import type { PlentyCatalogView } from '../catalog-view.js';
import { w3c } from '../dates.js';

export interface CategoryDetail {
  lang: string;
  name: string;
  nameUrl: string;
  description: string;
  shortDescription: string;
  metaTitle: string;
  position: number;
}

export interface CategoryRecord {
  id: number;
  parentCategoryId: number | null;
  level: number;
  type: string;
  linklist: string;
  right: string;
  sitemap: string;
  hasChildren: boolean;
  plentyId: number;
  details: CategoryDetail[];
  updatedAtMs: number;
}

export interface CategoryInput {
  id?: number;
  parentCategoryId?: number | null;
  type?: string;
  right?: string;
  details?: Array<Partial<CategoryDetail> & { plentyId?: number }>;
  clients?: Array<{ plentyId: number }>;
}

export class CategoryStore {
  private readonly overlay = new Map<number, CategoryRecord>();
  private readonly deleted = new Set<number>();
  private readonly created: number[] = [];
  private nextId: number;

  constructor(
    private readonly catalog: PlentyCatalogView,
    private readonly plentyId: number,
    private readonly now: () => number,
  ) {
    this.nextId = categoryIdOf(catalog.categoryCount);
  }

  get(id: number): CategoryRecord | undefined {
    if (this.deleted.has(id)) return undefined;
    const own = this.overlay.get(id);
    if (own) return own;
    const idx = categoryIndexOfId(id);
    if (idx === undefined || idx >= this.catalog.categoryCount) return undefined;
    const c = this.catalog.category(idx);
    return {
      id,
      parentCategoryId: c.parentCategoryId,
      level: c.level,
      type: 'item',
      linklist: 'Y',
      right: 'all',
      sitemap: 'Y',
      hasChildren: c.childIndexes.length > 0,
      plentyId: this.plentyId,
      details: Object.entries(c.names).map(([lang, name]) => ({ lang, name, nameUrl: c.urlKeys[lang as keyof typeof c.urlKeys], description: '', shortDescription: '', metaTitle: name, position: c.position })),
      updatedAtMs: c.updatedAt,
    };
  }

  ids(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.catalog.categoryCount; i++) if (!this.deleted.has(categoryIdOf(i))) out.push(categoryIdOf(i));
    for (const id of this.created) if (!this.deleted.has(id)) out.push(id);
    return out;
  }

  create(input: CategoryInput): CategoryRecord {
    const id = this.nextId++;
    const parent = input.parentCategoryId != null ? this.get(Number(input.parentCategoryId)) : undefined;
    const rec: CategoryRecord = {
      id,
      parentCategoryId: parent?.id ?? null,
      level: parent ? parent.level + 1 : 1,
      type: input.type ?? 'item',
      linklist: 'Y',
      right: input.right ?? 'all',
      sitemap: 'Y',
      hasChildren: false,
      plentyId: input.clients?.[0]?.plentyId ?? this.plentyId,
      details: (input.details ?? []).map((d) => detailOf(d)),
      updatedAtMs: this.now(),
    };
    if (parent && !parent.hasChildren) this.overlay.set(parent.id, { ...parent, hasChildren: true });
    this.overlay.set(id, rec);
    this.created.push(id);
    return rec;
  }

  update(id: number, input: CategoryInput): CategoryRecord | undefined {
    const cur = this.get(id);
    if (!cur) return undefined;
    const next: CategoryRecord = { ...cur, details: cur.details.map((d) => ({ ...d })), updatedAtMs: this.now() };
    if (input.parentCategoryId !== undefined) next.parentCategoryId = input.parentCategoryId;
    if (input.right !== undefined) next.right = input.right;
    for (const d of input.details ?? []) {
      const existing = next.details.find((x) => x.lang === d.lang);
      if (existing) Object.assign(existing, Object.fromEntries(Object.entries(d).filter(([k, v]) => v !== undefined && k !== 'plentyId')));
      else next.details.push(detailOf(d));
    }
    this.overlay.set(id, next);
    return next;
  }

  delete(id: number): boolean {
    if (!this.get(id)) return false;
    this.deleted.add(id);
    return true;
  }

  get size(): { total: number; written: number } {
    return { total: this.ids().length, written: this.overlay.size };
  }

  render(c: CategoryRecord, withDetails: boolean, langs: string[], withClients: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: c.id,
      parentCategoryId: c.parentCategoryId,
      level: c.level,
      type: c.type,
      linklist: c.linklist,
      right: c.right,
      sitemap: c.sitemap,
      hasChildren: c.hasChildren,
      updatedAt: w3c(c.updatedAtMs),
    };
    if (withDetails) {
      out.details = c.details
        .filter((d) => langs.length === 0 || langs.includes(d.lang))
        .map((d) => ({ categoryId: c.id, plentyId: c.plentyId, ...d, metaKeywords: '', metaDescription: '', description2: '', updatedAt: w3c(c.updatedAtMs), updatedBy: 'sandbox' }));
    }
    if (withClients) out.clients = [{ categoryId: c.id, plentyId: c.plentyId }];
    return out;
  }
}

function detailOf(d: Partial<CategoryDetail>): CategoryDetail {
  const name = d.name ?? '';
  return {
    lang: d.lang ?? 'de',
    name,
    nameUrl: d.nameUrl ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
    description: d.description ?? '',
    shortDescription: d.shortDescription ?? '',
    metaTitle: d.metaTitle ?? name,
    position: Number(d.position ?? 0),
  };
}
