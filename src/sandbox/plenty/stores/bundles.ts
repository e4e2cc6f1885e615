/**
 * Bundle components (`/rest/items/{id}/variations/{variationId}/variation_bundles`): the variations, and
 * how many of each, a bundle variation is made of. Kept beside the item store (the generated catalogue
 * has no bundles). Every change keeps the `bundleType` of both variations in step, as the OpenAPI
 * defines it: a variation with components is a `bundle`, a variation in some bundle a `bundle_item`.
 * Because that field holds one value, a variation is never both (see `problems`).
 */
import type { ItemStore } from './items.js';

export interface BundleRow {
  /** The link's id (`bundleId` of the delete route). */
  id: number;
  /** The bundle variation. */
  variationId: number;
  componentVariationId: number;
  componentQuantity: number;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A reason a component cannot be added: the body field it concerns and a Laravel-style message. */
export interface BundleProblem { field: 'variationId' | 'componentVariationId'; message: string }

export class BundleStore {
  private readonly rows = new Map<number, BundleRow>();
  private nextId = 1;

  constructor(private readonly items: ItemStore) {}

  /** The components of a bundle variation, in the order they were added. */
  componentsOf(variationId: number): BundleRow[] {
    return this.live().filter((r) => r.variationId === variationId);
  }

  /** The links that make a variation a component of some bundle. */
  bundlesOf(componentVariationId: number): BundleRow[] {
    return this.live().filter((r) => r.componentVariationId === componentVariationId);
  }

  get(variationId: number, id: number): BundleRow | undefined {
    return this.componentsOf(variationId).find((r) => r.id === id);
  }

  /** Why `componentVariationId` cannot join the bundle `variationId` (both must exist); empty when it can. */
  problems(variationId: number, componentVariationId: number): BundleProblem[] {
    const out: BundleProblem[] = [];
    const component = (message: string) => out.push({ field: 'componentVariationId', message });
    if (componentVariationId === variationId) component('The component variation id and variation id must be different.');
    else if (this.componentsOf(variationId).some((r) => r.componentVariationId === componentVariationId)) component('The component variation id has already been taken.');
    if (this.items.variation(componentVariationId)?.bundleType === 'bundle') component('A bundle cannot be a component of another bundle.');
    if (this.items.variation(variationId)?.bundleType === 'bundle_item') out.push({ field: 'variationId', message: 'A bundle component cannot be a bundle itself.' });
    return out;
  }

  /** Adds a component (the route checks `problems` first; seeding that skips it gets an error). */
  add(variationId: number, componentVariationId: number, componentQuantity: number): BundleRow {
    const problems = this.problems(variationId, componentVariationId);
    if (problems.length) throw new Error(`variation ${componentVariationId} cannot join bundle ${variationId}: ${problems.map((p) => p.message).join(' ')}`);
    const t = this.items.now();
    const row: BundleRow = { id: this.nextId++, variationId, componentVariationId, componentQuantity, createdAtMs: t, updatedAtMs: t };
    this.rows.set(row.id, row);
    this.retag(variationId);
    this.retag(componentVariationId);
    return row;
  }

  remove(row: BundleRow): void {
    this.rows.delete(row.id);
    this.retag(row.variationId);
    this.retag(row.componentVariationId);
  }

  get size(): number {
    return this.live().length;
  }

  /** Links between two existing variations: a deleted variation is no bundle and no component any more. */
  private live(): BundleRow[] {
    return [...this.rows.values()].filter((r) => this.items.exists(r.variationId) && this.items.exists(r.componentVariationId));
  }

  /** `bundle` while it has components, `bundle_item` while it is one, else no bundle type. */
  private retag(variationId: number): void {
    const type = this.componentsOf(variationId).length ? 'bundle' : this.bundlesOf(variationId).length ? 'bundle_item' : undefined;
    this.items.setBundleType(variationId, type);
  }
}
