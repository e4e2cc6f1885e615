<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * catalog_product_save_after (inside the product's save transaction): `product.saved` by SKU,
 * naming the store view the save was made in.
 */
class ProductSaved implements ObserverInterface
{
    public function __construct(private readonly ChangeRecorder $changes)
    {
    }

    public function execute(Observer $observer): void
    {
        if (!$this->changes->wants('product_saved')) {
            return;
        }
        /** @var \Magento\Catalog\Model\Product|null $product */
        $product = $observer->getEvent()->getData('product');
        if ($product !== null) {
            $this->changes->record('product_saved', [$product->getSku()], $product->getStoreId(), [
                'entity_id' => $product->getId(),
            ]);
        }
    }
}
