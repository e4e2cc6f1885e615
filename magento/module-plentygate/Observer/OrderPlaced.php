<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;

/**
 * sales_order_place_after: Order::place() runs before the order is saved, so nothing is recorded
 * here (a checkout that fails after this point must not announce an order). The order is marked, and
 * OrderSaved records `order.placed` inside the save transaction that follows.
 */
class OrderPlaced implements ObserverInterface
{
    public const FLAG = 'plentygate_webhooks_placed';

    public function execute(Observer $observer): void
    {
        $order = $observer->getEvent()->getData('order');
        if ($order instanceof \Magento\Framework\DataObject) {
            $order->setData(self::FLAG, true);
        }
    }
}
