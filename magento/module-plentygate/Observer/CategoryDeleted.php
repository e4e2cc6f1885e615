<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * catalog_category_delete_after (inside the delete transaction): `category.deleted` by id.
 */
class CategoryDeleted implements ObserverInterface
{
    public function __construct(private readonly ChangeRecorder $changes)
    {
    }

    public function execute(Observer $observer): void
    {
        if (!$this->changes->wants('category_deleted')) {
            return;
        }
        /** @var \Magento\Catalog\Model\Category|null $category */
        $category = $observer->getEvent()->getData('category');
        if ($category !== null) {
            $this->changes->record('category_deleted', [$category->getId()]);
        }
    }
}
