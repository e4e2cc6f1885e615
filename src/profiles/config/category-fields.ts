import { z } from 'zod';
import { fieldMappingsSchema } from './field-mapping.js';

/** PlentyONE category detail fields (per client and language) a Magento category attribute can fill. */
export const categoryFields = [
  'name', 'description', 'description2', 'shortDescription', 'metaTitle', 'metaDescription', 'metaKeywords',
  'nameUrl', 'image', 'image2', 'position', 'canonicalLink', 'metaRobots',
] as const;
export type CategoryField = (typeof categoryFields)[number];

/**
 * Name and URL always map; further attributes (description, meta …) are the merchant's choice. A row
 * maps one Magento category attribute (as the store view of each storeMapping row shows it) to one
 * PlentyONE detail field of that row's client and language; `language` narrows a row to one language.
 * PlentyONE category properties are not synced in this version: a row names a detail field.
 */
export const categoryAttributesSchema = fieldMappingsSchema(categoryFields, 'attributes')
  .superRefine((rows, ctx) => {
    rows.forEach((row, i) => {
      if (row.unit !== undefined) {
        ctx.addIssue({ code: 'custom', path: [i, 'unit'], message: 'category fields carry no units; remove unit' });
      }
    });
    if (!rows.some((r) => r.field === 'name' && r.language === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'attributes must map a Magento attribute (usually "name") to the field "name" for every language; a category without a name cannot be written' });
    }
  })
  .default([
    { attribute: 'name', field: 'name' },
    { attribute: 'url_key', field: 'nameUrl' },
    { attribute: 'description', field: 'description' },
    { attribute: 'meta_title', field: 'metaTitle' },
    { attribute: 'meta_description', field: 'metaDescription' },
    { attribute: 'meta_keywords', field: 'metaKeywords' },
  ])
  .describe('Magento category attribute ↔ PlentyONE category detail field (per client and language of each storeMapping row), with optional transforms.');

export type CategoryAttributeMapping = z.infer<typeof categoryAttributesSchema>;
