<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Catalog\Model\ResourceModel\Product as ProductResource;
use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * cataloginventory_stock_item_save_after (legacy stock, inside the stock item's save transaction):
 * `stock.saved` by SKU. A stock item carries the product id; the SKU is read from
 * catalog_product_entity through the same connection.
 */
class StockItemSaved implements ObserverInterface
{
    public function __construct(
        private readonly ChangeRecorder $changes,
        private readonly ProductResource $products
    ) {
    }

    public function execute(Observer $observer): void
    {
        if (!$this->changes->wants('stock_saved')) {
            return;
        }
        /** @var \Magento\CatalogInventory\Model\Stock\Item|null $item */
        $item = $observer->getEvent()->getData('item');
        if ($item === null) {
            return;
        }
        $sku = $item->getData('sku');
        if (!$sku && $item->getProductId()) {
            $rows = $this->products->getProductsSku([(int)$item->getProductId()]);
            $sku = $rows[0]['sku'] ?? null;
        }
        $this->changes->record('stock_saved', [$sku], null, ['product_id' => $item->getProductId()]);
    }
}
