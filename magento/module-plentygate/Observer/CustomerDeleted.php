<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * customer_delete_after (inside the delete transaction): `customer.deleted` by customer id.
 */
class CustomerDeleted implements ObserverInterface
{
    public function __construct(private readonly ChangeRecorder $changes)
    {
    }

    public function execute(Observer $observer): void
    {
        if (!$this->changes->wants('customer_deleted')) {
            return;
        }
        /** @var \Magento\Customer\Model\Customer|null $customer */
        $customer = $observer->getEvent()->getData('customer');
        if ($customer !== null) {
            $this->changes->record('customer_deleted', [$customer->getId()]);
        }
    }
}
