<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * A product, category or customer saved or deleted (the model's *_save_after / *_delete_after event,
 * inside its transaction): recorded under the entity's key, the SKU for products and the id for
 * categories and customers. One class, configured per event in di.xml.
 */
class EntityChanged implements ObserverInterface
{
    /**
     * @param string $eventCode the event catalog code (product_saved, category_deleted, …)
     * @param string $dataKey the event's data key for the entity (product, category, customer)
     * @param string $keyField `sku`, or `id` for the entity id
     * @param bool $withStore name the store view the save was made in (not for deletes)
     */
    public function __construct(
        private readonly ChangeRecorder $changes,
        private readonly string $eventCode,
        private readonly string $dataKey,
        private readonly string $keyField,
        private readonly bool $withStore
    ) {
    }

    public function execute(Observer $observer): void
    {
        if (!$this->changes->wants($this->eventCode)) {
            return;
        }
        /** @var \Magento\Framework\Model\AbstractModel|null $entity */
        $entity = $observer->getEvent()->getData($this->dataKey);
        if ($entity === null) {
            return;
        }
        $byId = $this->keyField === 'id';
        $this->changes->record(
            $this->eventCode,
            [$byId ? $entity->getId() : $entity->getData($this->keyField)],
            $this->withStore ? $entity->getData('store_id') : null,
            $byId ? [] : ['entity_id' => $entity->getId()]
        );
    }
}
