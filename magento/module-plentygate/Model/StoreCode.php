<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model;

use Magento\Store\Model\StoreManagerInterface;

/** The store view code a webhook names (`data.store`), from the entity's store id. */
class StoreCode
{
    public function __construct(private readonly StoreManagerInterface $storeManager)
    {
    }

    public function of(mixed $storeId): ?string
    {
        if ($storeId === null || $storeId === '') {
            return null;
        }
        try {
            return (string)$this->storeManager->getStore((int)$storeId)->getCode();
        } catch (\Exception) {
            // A store deleted meanwhile: the keys still name the entity.
            return null;
        }
    }
}
