/**
 * A complete order export config for the sandboxes (`plentygate sandbox`, demos, tests): both
 * Magento store views on the PlentyONE sandbox's client 1000, the sandbox's payment and shipping
 * methods mapped except `cashondelivery` (so an unmapped method can be shown failing), no settling delay.
 */
export const orderExportSandboxConfig = {
  storeMapping: [
    { storeView: 'default', plentyId: 1000, language: 'en', referrerId: '1' },
    { storeView: 'de', plentyId: 1000, language: 'de', referrerId: '1' },
  ],
  settlingSeconds: 0,
  paymentMap: { checkmo: 2, banktransfer: 6001 },
  shippingMap: { flatrate_flatrate: 6, freeshipping_freeshipping: 7, tablerate_bestway: 8 },
};
