/**
 * Categories: an overlay over the generated tree. As in PlentyONE, a category's texts (`details`) exist
 * per client (plentyId) and language, and its visibility is the list of clients it is linked to; linking
 * a subcategory to a client links its parents too. Sibling names are unique per client and language.
 */
import { categoryIdOf, categoryIndexOfId } from '../../generator/ids.js';
import type { PlentyCatalogView } from '../catalog-view.js';
import { w3c } from '../dates.js';

/** The detail fields plentygate reads and writes (CategoryDetails of the OpenAPI, minus image paths). */
export const detailTextFields = [
  'name', 'description', 'description2', 'shortDescription', 'metaTitle', 'metaDescription', 'metaKeywords',
  'nameUrl', 'image', 'image2', 'canonicalLink', 'metaRobots',
] as const;
type TextField = (typeof detailTextFields)[number];

export type CategoryDetail = Record<TextField, string> & { plentyId: number; lang: string; position: number; updatedAtMs: number };

export interface CategoryRecord {
  id: number;
  parentCategoryId: number | null;
  level: number;
  type: string;
  linklist: string;
  right: string;
  sitemap: string;
  clients: number[];
  details: CategoryDetail[];
  updatedAtMs: number;
}

export type DetailInput = Partial<Record<TextField, string>> & { plentyId?: number; lang?: string; position?: number | string };

export interface CategoryInput {
  id?: number;
  parentCategoryId?: number | null;
  type?: string;
  linklist?: string;
  right?: string;
  sitemap?: string;
  details?: DetailInput[];
  clients?: Array<{ plentyId: number }>;
}

export interface CategoryFilter {
  type?: string;
  parentId?: number;
  plentyId?: number;
  level?: number;
  name?: string;
  linklist?: boolean;
  updatedFrom?: number;
}

export class CategoryStore {
  private readonly overlay = new Map<number, CategoryRecord>();
  private readonly deleted = new Set<number>();
  private readonly created: number[] = [];
  private nextId: number;
  /** Parent id → child ids, rebuilt after a write (rendering asks `hasChildren` for every entry). */
  private childIndex: Map<number | null, number[]> | undefined;

  constructor(
    private readonly catalog: PlentyCatalogView,
    readonly plentyId: number,
    private readonly now: () => number,
  ) {
    this.nextId = categoryIdOf(catalog.categoryCount);
  }

  /** The system's default language: details in it are what a list without `lang` shows. */
  get defaultLang(): string {
    return this.catalog.languages[0] ?? 'de';
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
      clients: [this.plentyId],
      details: Object.entries(c.names).map(([lang, name]) => ({
        ...emptyTexts(), plentyId: this.plentyId, lang, name, nameUrl: c.urlKeys[lang as keyof typeof c.urlKeys], metaTitle: name,
        position: c.position, updatedAtMs: c.updatedAt,
      })),
      updatedAtMs: c.updatedAt,
    };
  }

  ids(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.catalog.categoryCount; i++) if (!this.deleted.has(categoryIdOf(i))) out.push(categoryIdOf(i));
    for (const id of this.created) if (!this.deleted.has(id)) out.push(id);
    return out;
  }

  childrenOf(id: number | null): CategoryRecord[] {
    if (!this.childIndex) {
      this.childIndex = new Map();
      for (const c of this.ids().map((i) => this.get(i)!)) {
        const list = this.childIndex.get(c.parentCategoryId) ?? [];
        list.push(c.id);
        this.childIndex.set(c.parentCategoryId, list);
      }
    }
    return (this.childIndex.get(id) ?? []).map((i) => this.get(i)!);
  }

  find(f: CategoryFilter): CategoryRecord[] {
    return this.ids().map((id) => this.get(id)!).filter((c) =>
      (f.type === undefined || c.type === f.type)
      && (f.parentId === undefined || c.parentCategoryId === f.parentId)
      && (f.plentyId === undefined || c.clients.includes(f.plentyId))
      && (f.level === undefined || c.level === f.level)
      && (f.linklist === undefined || (c.linklist === 'Y') === f.linklist)
      && (f.name === undefined || c.details.some((d) => d.name === f.name))
      && (f.updatedFrom === undefined || c.updatedAtMs >= f.updatedFrom));
  }

  /**
   * Detail rows that would give two siblings the same name in one client and language ("category
   * names must be unique within the same category or level"), as field → message.
   */
  nameClashes(parentId: number | null, details: DetailInput[], selfId?: number): string[] {
    const siblings = this.childrenOf(parentId).filter((c) => c.id !== selfId);
    return details.flatMap((d) => {
      if (d.name === undefined) return [];
      const plentyId = Number(d.plentyId ?? this.plentyId);
      const lang = d.lang ?? this.defaultLang;
      const other = siblings.find((s) => s.details.some((x) => x.plentyId === plentyId && x.lang === lang && x.name === d.name));
      return other ? [`The name "${d.name}" is already used by category ${other.id} on this level (client ${plentyId}, language ${lang}).`] : [];
    });
  }

  create(input: CategoryInput): CategoryRecord {
    const id = this.nextId++;
    const parent = input.parentCategoryId != null ? this.get(Number(input.parentCategoryId)) : undefined;
    const now = this.now();
    const clients = (input.clients ?? []).map((c) => Number(c.plentyId));
    const details = (input.details ?? []).map((d) => detailOf(d, this.plentyId, this.defaultLang, now));
    const rec: CategoryRecord = {
      id,
      parentCategoryId: parent?.id ?? null,
      level: parent ? parent.level + 1 : 1,
      type: input.type ?? 'item',
      linklist: input.linklist ?? 'Y',
      right: input.right ?? 'all',
      sitemap: input.sitemap ?? 'Y',
      clients: [...new Set(clients.length ? clients : details.map((d) => d.plentyId))],
      details,
      updatedAtMs: now,
    };
    this.overlay.set(id, rec);
    this.created.push(id);
    this.childIndex = undefined;
    this.linkParents(rec);
    return rec;
  }

  update(id: number, input: CategoryInput): CategoryRecord | undefined {
    const cur = this.get(id);
    if (!cur) return undefined;
    const now = this.now();
    const next: CategoryRecord = { ...cur, clients: [...cur.clients], details: cur.details.map((d) => ({ ...d })), updatedAtMs: now };
    if (input.parentCategoryId !== undefined) {
      const parent = input.parentCategoryId === null ? undefined : this.get(Number(input.parentCategoryId));
      next.parentCategoryId = parent?.id ?? null;
      next.level = parent ? parent.level + 1 : 1;
    }
    for (const key of ['type', 'linklist', 'right', 'sitemap'] as const) if (input[key] !== undefined) next[key] = input[key];
    for (const d of input.details ?? []) {
      const plentyId = Number(d.plentyId ?? this.plentyId);
      const lang = d.lang ?? this.defaultLang;
      const existing = next.details.find((x) => x.plentyId === plentyId && x.lang === lang);
      if (existing) {
        for (const [k, v] of Object.entries(d)) if (v !== undefined && k !== 'plentyId' && k !== 'lang') (existing as Record<string, unknown>)[k] = k === 'position' ? Number(v) : String(v);
        existing.updatedAtMs = now;
      } else {
        next.details.push(detailOf(d, this.plentyId, this.defaultLang, now));
        if (!next.clients.includes(plentyId)) next.clients.push(plentyId);
      }
    }
    if (input.clients) for (const c of input.clients) if (!next.clients.includes(Number(c.plentyId))) next.clients.push(Number(c.plentyId));
    this.overlay.set(id, next);
    this.childIndex = undefined;
    this.linkParents(next);
    return next;
  }

  /** `DELETE /rest/categories/{id}/clients`: the category is no longer visible in any client. */
  unlinkClients(id: number): boolean {
    const cur = this.get(id);
    if (!cur) return false;
    this.overlay.set(id, { ...cur, clients: [], updatedAtMs: this.now() });
    return true;
  }

  /** `DELETE /rest/categories/{id}/details`: the texts of one client and language. */
  deleteDetails(id: number, plentyId: number, lang: string): boolean {
    const cur = this.get(id);
    if (!cur) return false;
    this.overlay.set(id, { ...cur, details: cur.details.filter((d) => !(d.plentyId === plentyId && d.lang === lang)), updatedAtMs: this.now() });
    return true;
  }

  /** Deletes the category and its subcategories. */
  delete(id: number): boolean {
    if (!this.get(id)) return false;
    for (const child of this.childrenOf(id)) this.delete(child.id);
    this.deleted.add(id);
    this.childIndex = undefined;
    return true;
  }

  get size(): { total: number; written: number } {
    return { total: this.ids().length, written: this.overlay.size };
  }

  hasChildren(id: number): boolean {
    this.childrenOf(id);
    return (this.childIndex?.get(id)?.length ?? 0) > 0;
  }

  render(c: CategoryRecord, withs: ReadonlySet<string>, langs: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: c.id,
      parentCategoryId: c.parentCategoryId,
      level: c.level,
      type: c.type,
      linklist: c.linklist,
      right: c.right,
      sitemap: c.sitemap,
      hasChildren: this.hasChildren(c.id),
      updatedAt: w3c(c.updatedAtMs),
    };
    if (withs.has('details')) {
      const wanted = langs.length ? langs : [this.defaultLang];
      out.details = c.details
        .filter((d) => wanted.includes(d.lang))
        .map(({ updatedAtMs, ...d }) => ({ categoryId: c.id, ...d, updatedAt: w3c(updatedAtMs), updatedBy: 'sandbox' }));
    }
    if (withs.has('clients')) out.clients = c.clients.map((plentyId) => ({ categoryId: c.id, plentyId }));
    return out;
  }

  private linkParents(rec: CategoryRecord): void {
    let parent = rec.parentCategoryId === null ? undefined : this.get(rec.parentCategoryId);
    while (parent) {
      const missing = rec.clients.filter((p) => !parent!.clients.includes(p));
      if (missing.length === 0) return;
      this.overlay.set(parent.id, { ...parent, clients: [...parent.clients, ...missing] });
      parent = parent.parentCategoryId === null ? undefined : this.get(parent.parentCategoryId);
    }
  }
}

function emptyTexts(): Record<TextField, string> {
  return Object.fromEntries(detailTextFields.map((f) => [f, ''])) as Record<TextField, string>;
}

/** A detail row as PlentyONE stores it: the URL name defaults to the name (ASCII, lower case). */
function detailOf(d: DetailInput, plentyId: number, lang: string, now: number): CategoryDetail {
  const texts = emptyTexts();
  for (const f of detailTextFields) if (d[f] !== undefined) texts[f] = String(d[f]);
  if (!texts.nameUrl) texts.nameUrl = texts.name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return { ...texts, plentyId: Number(d.plentyId ?? plentyId), lang: d.lang ?? lang, position: Number(d.position ?? 0), updatedAtMs: now };
}
