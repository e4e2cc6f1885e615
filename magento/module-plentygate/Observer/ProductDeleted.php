<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * catalog_product_delete_after (inside the delete transaction; catalog_product_delete_after_done
 * comes after the commit, too late for the outbox): `product.deleted` by SKU.
 */
class ProductDeleted implements ObserverInterface
{
    public function __construct(private readonly ChangeRecorder $changes)
    {
    }

    public function execute(Observer $observer): void
    {
        if (!$this->changes->wants('product_deleted')) {
            return;
        }
        /** @var \Magento\Catalog\Model\Product|null $product */
        $product = $observer->getEvent()->getData('product');
        if ($product !== null) {
            $this->changes->record('product_deleted', [$product->getSku()], null, ['entity_id' => $product->getId()]);
        }
    }
}
