<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * sales_order_shipment_save_after (inside the shipment's save transaction): `shipment.saved`
 * keyed by the order's increment id, as plentygate expects for shipments.
 */
class ShipmentSaved implements ObserverInterface
{
    public function __construct(private readonly ChangeRecorder $changes)
    {
    }

    public function execute(Observer $observer): void
    {
        if (!$this->changes->wants('shipment_saved')) {
            return;
        }
        /** @var \Magento\Sales\Model\Order\Shipment|null $shipment */
        $shipment = $observer->getEvent()->getData('shipment');
        $order = $shipment?->getOrder();
        if ($order !== null) {
            $this->changes->record('shipment_saved', [$order->getIncrementId()], $order->getStoreId(), [
                'shipment_id' => $shipment->getId(),
            ]);
        }
    }
}
