/**
 * The entities whose links a merchant can see and fix, and how their names are checked. Apart from
 * the link admin (link-admin.ts) so that the CLI can describe and check `--entity` without loading it.
 */

/** Entities as merchants name them; `contact` is the link type `customer` (Magento customer ↔ PlentyONE contact). */
export const linkEntities = ['category', 'item', 'variation', 'attribute', 'attribute_value', 'order', 'contact'] as const;
export type LinkEntity = (typeof linkEntities)[number];

export class LinkInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkInputError';
  }
}

export function entityOf(value: string): LinkEntity {
  if (!(linkEntities as readonly string[]).includes(value)) throw new LinkInputError(`Unknown entity "${value}": use one of ${linkEntities.join(', ')}.`);
  return value as LinkEntity;
}
