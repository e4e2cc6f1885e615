<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Api;

use Magento\Customer\Api\Data\CustomerInterface;

/**
 * Creates a customer without Magento's welcome e-mail, for plentygate's customer import
 * (`POST /V1/plentygate/customers`, etc/webapi.xml). Magento's own `POST /V1/customers` runs
 * `AccountManagement::createAccount`, which always sends the new-account e-mail after saving.
 */
interface CustomerCreatorInterface
{
    /**
     * Creates the customer with its addresses; Magento's unique e-mail per website applies.
     *
     * @param \Magento\Customer\Api\Data\CustomerInterface $customer
     * @return \Magento\Customer\Api\Data\CustomerInterface
     * @throws \Magento\Framework\Exception\LocalizedException
     */
    public function create(CustomerInterface $customer): CustomerInterface;
}
