<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model;

/**
 * Every Magento change this module reports, once: the code stored in the admin configuration
 * (plentygate_webhooks/general/events), the webhook `type` plentygate normalizes it to
 * (`<entity>.<kind>`, see plentygate's gateway README), the Magento event or plugin point that
 * records it, and the admin label. Plain PHP, so the payload and the tests share it.
 */
final class EventCatalog
{
    /**
     * @var array<string, array{type: string, source: string, label: string}>
     */
    private const EVENTS = [
        'order_placed' => [
            'type' => 'order.placed',
            'source' => 'sales_order_place_after',
            'label' => 'Order placed',
        ],
        'order_saved' => [
            'type' => 'order.saved',
            'source' => 'sales_order_save_after',
            'label' => 'Order saved',
        ],
        // An invoice or a credit memo is news about its order: plentygate syncs the order.
        'invoice_saved' => [
            'type' => 'order.saved',
            'source' => 'sales_order_invoice_save_after',
            'label' => 'Invoice saved',
        ],
        'shipment_saved' => [
            'type' => 'shipment.saved',
            'source' => 'sales_order_shipment_save_after',
            'label' => 'Shipment saved',
        ],
        'creditmemo_saved' => [
            'type' => 'order.saved',
            'source' => 'sales_order_creditmemo_save_after',
            'label' => 'Credit memo saved',
        ],
        'product_saved' => [
            'type' => 'product.saved',
            'source' => 'catalog_product_save_after',
            'label' => 'Product saved',
        ],
        'product_deleted' => [
            'type' => 'product.deleted',
            'source' => 'catalog_product_delete_after',
            'label' => 'Product deleted',
        ],
        'category_saved' => [
            'type' => 'category.saved',
            'source' => 'catalog_category_save_after',
            'label' => 'Category saved',
        ],
        'category_deleted' => [
            'type' => 'category.deleted',
            'source' => 'catalog_category_delete_after',
            'label' => 'Category deleted',
        ],
        'customer_saved' => [
            'type' => 'customer.saved',
            'source' => 'customer_save_after',
            'label' => 'Customer saved',
        ],
        'customer_deleted' => [
            'type' => 'customer.deleted',
            'source' => 'customer_delete_after',
            'label' => 'Customer deleted',
        ],
        'stock_saved' => [
            'type' => 'stock.saved',
            'source' => 'cataloginventory_stock_item_save_after',
            'label' => 'Stock item saved (legacy stock)',
        ],
        'source_item_saved' => [
            'type' => 'stock.saved',
            'source' => 'Magento\InventoryApi\Api\SourceItemsSaveInterface::execute',
            'label' => 'Source item saved (Multi-Source Inventory)',
        ],
    ];

    /** The test webhook's type: plentygate authenticates it and stores it as ignored (no sync). */
    public const TEST_TYPE = 'plentygate.test';

    /** @return string[] every event code, in admin order */
    public function codes(): array
    {
        return array_keys(self::EVENTS);
    }

    public function has(string $code): bool
    {
        return isset(self::EVENTS[$code]);
    }

    /**
     * @return array{type: string, source: string, label: string}
     * @throws \InvalidArgumentException for a code this module does not know
     */
    public function get(string $code): array
    {
        if (!isset(self::EVENTS[$code])) {
            throw new \InvalidArgumentException(sprintf(
                'Unknown plentygate webhook event "%s"; known events: %s',
                $code,
                implode(', ', $this->codes())
            ));
        }
        return self::EVENTS[$code];
    }
}
