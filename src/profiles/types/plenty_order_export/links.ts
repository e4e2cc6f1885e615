/**
 * Link-table entity types of the order export. The order link (Magento increment id → PlentyONE order
 * id) keeps in its meta what later runs compare against: the buyer's contact, the Magento status last
 * acted on, and whether the order was canceled in PlentyONE.
 */
export const ORDER_LINK = 'order';
export const PAYMENT_LINK = 'order_payment';
export const COMMENT_LINK = 'order_comment';
/** One per exported tracking number: `<increment id>/<tracking number>` → PlentyONE shipping package id. */
export const PACKAGE_LINK = 'order_package';

export interface OrderLinkMeta {
  contactId?: number | null;
  /** The Magento status the PlentyONE order was created with or last brought in line with. */
  magentoStatus?: string;
  canceled?: boolean;
}

export const orderLinkMeta = (meta: Record<string, unknown> | null | undefined): OrderLinkMeta => (meta ?? {}) as OrderLinkMeta;
