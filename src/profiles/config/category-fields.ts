import { z } from 'zod';
import { fieldMappingsSchema } from './field-mapping.js';

/** PlentyONE category detail fields (per client and language) a Magento category attribute can fill. */
export const categoryFields = [
  'name', 'description', 'description2', 'shortDescription', 'metaTitle', 'metaDescription', 'metaKeywords',
  'nameUrl', 'image', 'image2', 'position', 'canonicalLink', 'metaRobots',
] as const;

/** Name and URL always map; further attributes (description, meta …) are the merchant's choice. */
export const categoryAttributesSchema = fieldMappingsSchema(categoryFields, 'attributes')
  .default([
    { attribute: 'name', field: 'name' },
    { attribute: 'url_key', field: 'nameUrl' },
    { attribute: 'description', field: 'description' },
    { attribute: 'meta_title', field: 'metaTitle' },
    { attribute: 'meta_description', field: 'metaDescription' },
    { attribute: 'meta_keywords', field: 'metaKeywords' },
  ])
  .describe('Magento category attribute ↔ PlentyONE category detail field or category property.');

export type CategoryAttributeMapping = z.infer<typeof categoryAttributesSchema>;
