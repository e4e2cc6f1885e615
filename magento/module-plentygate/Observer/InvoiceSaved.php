<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * sales_order_invoice_save_after (inside the invoice's save transaction): the invoice's order,
 * by increment id, as `order.saved`.
 */
class InvoiceSaved implements ObserverInterface
{
    public function __construct(private readonly ChangeRecorder $changes)
    {
    }

    public function execute(Observer $observer): void
    {
        if (!$this->changes->wants('invoice_saved')) {
            return;
        }
        /** @var \Magento\Sales\Model\Order\Invoice|null $invoice */
        $invoice = $observer->getEvent()->getData('invoice');
        $order = $invoice?->getOrder();
        if ($order !== null) {
            $this->changes->record('invoice_saved', [$order->getIncrementId()], $order->getStoreId(), [
                'invoice_id' => $invoice->getId(),
            ]);
        }
    }
}
