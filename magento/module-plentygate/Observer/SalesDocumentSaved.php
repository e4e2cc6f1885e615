<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * An invoice, shipment or credit memo saved (sales_order_{invoice,shipment,creditmemo}_save_after,
 * inside the document's save transaction): recorded under its order's increment id, the key
 * plentygate syncs orders and shipments by. One class, configured per event in di.xml.
 */
class SalesDocumentSaved implements ObserverInterface
{
    /**
     * @param string $eventCode the event catalog code (invoice_saved, shipment_saved, creditmemo_saved)
     * @param string $dataKey the event's data key for the document (invoice, shipment, creditmemo)
     */
    public function __construct(
        private readonly ChangeRecorder $changes,
        private readonly string $eventCode,
        private readonly string $dataKey
    ) {
    }

    public function execute(Observer $observer): void
    {
        if (!$this->changes->wants($this->eventCode)) {
            return;
        }
        /** @var \Magento\Sales\Model\AbstractModel|null $document */
        $document = $observer->getEvent()->getData($this->dataKey);
        /** @var \Magento\Sales\Model\Order|null $order */
        $order = $document?->getOrder();
        if ($order !== null) {
            $this->changes->record($this->eventCode, [$order->getIncrementId()], $order->getStoreId(), [
                $this->dataKey . '_id' => $document->getId(),
            ]);
        }
    }
}
