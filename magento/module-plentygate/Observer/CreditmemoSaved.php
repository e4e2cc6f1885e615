<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * sales_order_creditmemo_save_after (inside the credit memo's save transaction): the refunded
 * order, by increment id, as `order.saved`.
 */
class CreditmemoSaved implements ObserverInterface
{
    public function __construct(private readonly ChangeRecorder $changes)
    {
    }

    public function execute(Observer $observer): void
    {
        if (!$this->changes->wants('creditmemo_saved')) {
            return;
        }
        /** @var \Magento\Sales\Model\Order\Creditmemo|null $creditmemo */
        $creditmemo = $observer->getEvent()->getData('creditmemo');
        $order = $creditmemo?->getOrder();
        if ($order !== null) {
            $this->changes->record('creditmemo_saved', [$order->getIncrementId()], $order->getStoreId(), [
                'creditmemo_id' => $creditmemo->getId(),
            ]);
        }
    }
}
