import { z } from 'zod';
import { fieldMappingsSchema, lengthUnits, weightUnits } from './field-mapping.js';

/**
 * Item and variation field sets shared by the item export and import: texts per language (names of
 * PlentyONE's VariationDescription) and the item/variation base fields a Magento attribute maps to.
 */
export const itemTextFields = [
  'name', 'name2', 'name3', 'previewDescription', 'description', 'technicalData', 'title', 'metaDescription',
  'metaKeywords', 'urlPath',
] as const;

export const itemBaseFields = [
  'model', 'externalId', 'weightG', 'weightNetG', 'widthMM', 'lengthMM', 'heightMM', 'manufacturerId',
  'producingCountryId', 'customsTariffNumber', 'supplierId', 'purchasePrice', 'ageRestriction', 'flagOne', 'flagTwo',
] as const;

export const itemTextsSchema = fieldMappingsSchema(itemTextFields, 'texts')
  .default([
    { attribute: 'name', field: 'name' },
    { attribute: 'short_description', field: 'previewDescription' },
    { attribute: 'description', field: 'description' },
    { attribute: 'meta_title', field: 'title' },
    { attribute: 'meta_description', field: 'metaDescription' },
    { attribute: 'meta_keyword', field: 'metaKeywords' },
    { attribute: 'url_key', field: 'urlPath' },
  ])
  .describe('Magento attribute ↔ PlentyONE item text (per language of the store mapping).');

export const itemFieldsSchema = fieldMappingsSchema(itemBaseFields, 'fields')
  .default([{ attribute: 'weight', field: 'weightG' }])
  .describe('Magento attribute ↔ PlentyONE item/variation field (weights in grams, dimensions in millimetres).');

/** Units of Magento's weight and dimension attributes when a mapping row names none. */
export const defaultUnitsSchema = z
  .strictObject({
    weight: z.enum(weightUnits).default('kg').describe("Unit of Magento weights (the store's weight unit)."),
    length: z.enum(lengthUnits).default('cm').describe('Unit of Magento dimension attributes.'),
  })
  .describe('Units of Magento values; PlentyONE stores grams and millimetres.');
