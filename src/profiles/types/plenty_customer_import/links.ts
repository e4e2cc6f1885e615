/** Magento customer id → PlentyONE contact id, with the hash of what the import last wrote. */
export const IMPORTED_CUSTOMER_LINK = 'customer_import';
/** Magento customer address id → PlentyONE address id it was imported from. */
export const IMPORTED_ADDRESS_LINK = 'customer_address_import';
