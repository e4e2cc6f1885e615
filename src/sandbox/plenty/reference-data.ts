/**
 * Fixed lists a fresh PlentyONE system comes with: order statuses, order referrers and payment
 * methods. Status ids are decimals (5.1 sits between 5 and 6); names are given in German and English.
 */

export interface OrderStatusDef {
  statusId: number;
  de: string;
  en: string;
  color: string;
}

export const ORDER_STATUSES: OrderStatusDef[] = [
  { statusId: 1, de: 'Unvollständige Daten', en: 'Incomplete data', color: '#c0c0c0' },
  { statusId: 2, de: 'Warten auf Freischaltung', en: 'Waiting for activation', color: '#ffcc00' },
  { statusId: 3, de: 'Warten auf Zahlung', en: 'Waiting for payment', color: '#ff9900' },
  { statusId: 3.1, de: 'Start PayPal-Zahlungsprozess', en: 'Start PayPal payment process', color: '#ff9900' },
  { statusId: 4, de: 'In Versandvorbereitung', en: 'In preparation for shipping', color: '#99ccff' },
  { statusId: 5, de: 'Freigabe Versand', en: 'Cleared for shipping', color: '#3399ff' },
  { statusId: 5.1, de: 'Auftrag wird bearbeitet', en: 'Order being processed', color: '#3399ff' },
  { statusId: 6, de: 'Gerade im Versand', en: 'Currently being shipped', color: '#0066cc' },
  { statusId: 7, de: 'Warenausgang gebucht', en: 'Outgoing items booked', color: '#009900' },
  { statusId: 7.1, de: 'Auftrag exportiert', en: 'Order exported', color: '#009900' },
  { statusId: 8, de: 'Storniert', en: 'Canceled', color: '#cc0000' },
  { statusId: 8.1, de: 'Storniert durch Kunden', en: 'Canceled by customer', color: '#cc0000' },
  { statusId: 9, de: 'Retoure', en: 'Return', color: '#993399' },
  { statusId: 10, de: 'Gewährleistung', en: 'Warranty', color: '#993399' },
  { statusId: 11, de: 'Gutschrift', en: 'Credit note', color: '#666666' },
];

export function statusById(id: number): OrderStatusDef | undefined {
  return ORDER_STATUSES.find((s) => s.statusId === id);
}

/** "[5.1] Order being processed", the way orders carry `statusName`. */
export function statusName(id: number): string {
  const s = statusById(id);
  return `[${id}] ${s ? s.en : 'Unknown'}`;
}

export interface ReferrerDef {
  id: number;
  name: string;
  backendName: string;
  origin: string;
}

export const ORDER_REFERRERS: ReferrerDef[] = [
  { id: 0, name: 'Manual entry', backendName: 'Manuelle Eingabe', origin: 'plenty' },
  { id: 1, name: 'Client (store)', backendName: 'Mandant (Shop)', origin: 'plenty' },
  { id: 2, name: 'Amazon', backendName: 'Amazon', origin: 'amazon' },
  { id: 4, name: 'eBay', backendName: 'eBay', origin: 'ebay' },
  { id: 4.01, name: 'eBay Germany', backendName: 'eBay Deutschland', origin: 'ebay' },
  { id: 102, name: 'Magento', backendName: 'Magento', origin: 'plugin' },
];

export interface PaymentMethodDef {
  id: number;
  name: string;
  pluginKey: string;
  paymentKey: string;
}

export const PAYMENT_METHODS: PaymentMethodDef[] = [
  { id: 0, name: 'Prepayment', pluginKey: 'plenty', paymentKey: 'PREPAYMENT' },
  { id: 1, name: 'Cash on delivery', pluginKey: 'plenty', paymentKey: 'COD' },
  { id: 2, name: 'Invoice', pluginKey: 'plenty', paymentKey: 'INVOICE' },
  { id: 6001, name: 'PayPal', pluginKey: 'plentyPayPal', paymentKey: 'PAYPAL' },
  { id: 6002, name: 'Credit card', pluginKey: 'plentyPayment', paymentKey: 'CREDITCARD' },
];
