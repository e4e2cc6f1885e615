import type { MagentoOrderAddress } from '../../../connectors/magento/index.js';
import type { OrderExportConfig } from './config.js';
import { plentyCountryId } from './countries.js';
import type { AddressDraft } from './record.js';

type NameSource = OrderExportConfig['customer']['addressFields']['name1'];

/** Address option types of PlentyONE (FACTS "Contacts"): 4 phone, 5 e-mail. */
const OPTION_PHONE = 4;
const OPTION_EMAIL = 5;

/** What an order address and a customer's address book entry share. */
export type PostalAddress = Pick<MagentoOrderAddress, 'country_id' | 'street' | 'email' | 'telephone' | 'postcode' | 'city'>;

function field(address: PostalAddress, source: NameSource): string {
  if (source === 'none') return '';
  const value = (address as Record<string, unknown>)[source];
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * A Magento order address as a PlentyONE address body: name lines per `customer.addressFields`,
 * street lines as address1..3, the country as PlentyONE's id. Answers a problem sentence instead when
 * the country has no PlentyONE id.
 */
export function addressDraft(
  address: PostalAddress,
  email: string,
  customer: Pick<OrderExportConfig['customer'], 'countryMap' | 'addressFields'>,
  countryMapSetting = 'customer.countryMap',
): AddressDraft | string {
  const countryId = plentyCountryId(address.country_id, customer.countryMap);
  if (countryId === undefined) {
    return `Country "${address.country_id ?? ''}" has no PlentyONE country id: add it under ${countryMapSetting}.`;
  }
  const street = address.street ?? [];
  const { name1, name2, name3, name4 } = customer.addressFields;
  const options = [{ typeId: OPTION_EMAIL, value: address.email ?? email }];
  if (address.telephone) options.push({ typeId: OPTION_PHONE, value: address.telephone });
  return {
    name1: field(address, name1),
    name2: field(address, name2),
    name3: field(address, name3),
    name4: field(address, name4),
    address1: street[0] ?? '',
    address2: street[1] ?? '',
    address3: street.slice(2).join(' '),
    postalCode: address.postcode ?? '',
    town: address.city ?? '',
    countryId,
    options,
  };
}
