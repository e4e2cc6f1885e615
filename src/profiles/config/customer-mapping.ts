import { z } from 'zod';
import { positiveId } from './ids.js';
import { valueMapSchema } from './value-map.js';

/**
 * Contact settings of the order export: how Magento customers and addresses become PlentyONE contacts.
 */
export const genders = ['male', 'female', 'diverse'] as const;

const nameSources = ['company', 'prefix', 'firstname', 'middlename', 'lastname', 'suffix', 'none'] as const;
const nameSource = (d: (typeof nameSources)[number]) =>
  z.enum(nameSources).default(d).describe('Magento address field for this PlentyONE name line ("none" leaves it empty).');

/** PlentyONE addresses have name1..name4; which Magento field fills each. */
export const addressFieldsSchema = z
  .strictObject({
    name1: nameSource('company'),
    name2: nameSource('firstname'),
    name3: nameSource('lastname'),
    name4: nameSource('none'),
  })
  .superRefine((f, ctx) => {
    const seen = new Map<string, string>();
    for (const [line, source] of Object.entries(f)) {
      if (source === 'none') continue;
      const other = seen.get(source);
      if (other) ctx.addIssue({ code: 'custom', path: [line], message: `${source} already fills ${other}; each Magento field fills one name line` });
      else seen.set(source, line);
    }
  })
  .describe('Magento address fields → PlentyONE name1..name4.');

/** Magento customer group id → PlentyONE customer class id. */
export const groupClassMapSchema = valueMapSchema(
  'groupClassMap',
  '{"1": 2, "2": 5} (Magento customer group id → PlentyONE customer class id)',
  positiveId('PlentyONE customer class id'),
  z.string().regex(/^\d+$/, { error: (i) => `Magento customer group ids are whole numbers, not ${JSON.stringify(i.input)}` }),
);

const genderSchema = z.enum(genders, { error: () => `genders are ${genders.join(', ')}` });

/** Salutation prefix → gender, for orders and addresses that carry a prefix but no gender. */
export const genderFromPrefixSchema = valueMapSchema('genderFromPrefix', '{"Mr": "male", "Mrs": "female"}', genderSchema)
  .default({ Mr: 'male', 'Mr.': 'male', Mrs: 'female', 'Mrs.': 'female', Ms: 'female', 'Ms.': 'female', Herr: 'male', Frau: 'female' });

/** ISO country code → PlentyONE country id, for countries the built-in table lacks. */
export const countryMapSchema = valueMapSchema(
  'countryMap',
  '{"IS": 52} (ISO 3166 country code → PlentyONE country id)',
  positiveId('PlentyONE country id'),
  z.string().regex(/^[A-Z]{2}$/, { error: (i) => `country codes are two capital letters such as "DE", not ${JSON.stringify(i.input)}` }),
);

export const contactOptionsShape = {
  createAddresses: z.boolean().default(true).describe('Create billing and delivery addresses on the contact.'),
  linkByEmail: z.boolean().default(true)
    .describe('Link to an existing contact with the same e-mail instead of creating a duplicate.'),
  addressFields: addressFieldsSchema.prefault({}),
};
