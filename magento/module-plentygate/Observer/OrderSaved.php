<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * sales_order_save_after (inside the order's save transaction): `order.placed` for the save that
 * follows Order::place() (see OrderPlaced), `order.saved` for every other save; keyed by the order's
 * increment id, the key plentygate syncs orders by.
 */
class OrderSaved implements ObserverInterface
{
    public function __construct(private readonly ChangeRecorder $changes)
    {
    }

    public function execute(Observer $observer): void
    {
        /** @var \Magento\Sales\Model\Order|null $order */
        $order = $observer->getEvent()->getData('order');
        if ($order === null) {
            return;
        }
        $code = 'order_saved';
        if ($order->getData(OrderPlaced::FLAG)) {
            // Only the first save after placing announces the order.
            $order->unsetData(OrderPlaced::FLAG);
            if ($this->changes->wants('order_placed')) {
                $code = 'order_placed';
            }
        }
        if ($this->changes->wants($code)) {
            $this->changes->record($code, [$order->getIncrementId()], $order->getStoreId(), [
                'entity_id' => $order->getId(),
            ]);
        }
    }
}
