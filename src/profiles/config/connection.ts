import { z } from 'zod';
import { credentialName } from './ids.js';

/**
 * Which PlentyONE system and which Magento store a profile talks to, by the names of stored
 * credentials. Defaults match the names `plentygate credential:set` suggests, so a single-shop install
 * needs no change here.
 */
export const connectionSchema = z
  .strictObject({
    plenty: credentialName().default('plenty').describe('Credential name of the PlentyONE system (base URL + login).'),
    magento: credentialName().default('magento').describe('Credential name of the Magento store (base URL + token).'),
  })
  .describe('Which PlentyONE system and Magento store this profile uses, by stored credential name.');

export type ConnectionConfig = z.infer<typeof connectionSchema>;
