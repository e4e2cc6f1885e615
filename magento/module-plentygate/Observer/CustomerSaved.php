<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * customer_save_after (the customer model's event, inside its save transaction;
 * customer_save_after_data_object is dispatched by the repository after the commit, too late for the
 * outbox): `customer.saved` by customer id.
 */
class CustomerSaved implements ObserverInterface
{
    public function __construct(private readonly ChangeRecorder $changes)
    {
    }

    public function execute(Observer $observer): void
    {
        if (!$this->changes->wants('customer_saved')) {
            return;
        }
        /** @var \Magento\Customer\Model\Customer|null $customer */
        $customer = $observer->getEvent()->getData('customer');
        if ($customer !== null) {
            $this->changes->record('customer_saved', [$customer->getId()], $customer->getStoreId());
        }
    }
}
