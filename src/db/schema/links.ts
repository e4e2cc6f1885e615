import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * A variation link's PlentyONE id as a number, NULL where it is not one as String() writes it (so the
 * index below never fails an insert). The stock import's full run reads the links of a range of
 * variation ids along this index: one range scan per 1,000 variations instead of an index lookup each.
 * Queries must use this same expression for PostgreSQL to pick the index.
 */
export const variationNumberSql = "(case when plenty_id ~ '^[1-9][0-9]{0,14}$' then plenty_id::bigint end)";

/**
 * Magento key ↔ PlentyONE id per entity type, with the hash of what was last written. A target is only
 * written when the hash of the new payload differs; orders are found here before any create.
 * `aspect` lets one entity keep several hashes (texts, prices, barcodes…) so only what changed is written.
 */
export const entityLinks = pgTable('entity_links', {
  entityType: text('entity_type').notNull(),
  magentoKey: text('magento_key').notNull(),
  plentyId: text('plenty_id').notNull(),
  hash: text('hash'),
  aspectHashes: jsonb('aspect_hashes').$type<Record<string, string>>(),
  meta: jsonb('meta').$type<Record<string, unknown>>(),
  lastWrittenAt: timestamp('last_written_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('entity_links_magento_unique').on(t.entityType, t.magentoKey),
  index('entity_links_plenty_idx').on(t.entityType, t.plentyId),
  index('entity_links_variation_number_idx').on(sql.raw(variationNumberSql)).where(sql`entity_type = 'variation'`),
  // The products of a PlentyONE item by the item id their variation links keep (the item import's
  // cross-selling targets, a deleted item's products).
  index('entity_links_variation_item_idx').on(sql`(meta->>'itemId')`).where(sql`entity_type = 'variation'`),
]);
