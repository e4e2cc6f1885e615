<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model;

use Magento\Customer\Api\CustomerRepositoryInterface;
use Magento\Customer\Api\Data\CustomerInterface;
use Magento\Framework\Exception\AlreadyExistsException;
use Magento\Framework\Exception\State\InputMismatchException;
use Magento\Store\Model\StoreManagerInterface;
use Plentygate\Webhooks\Api\CustomerCreatorInterface;

/**
 * What `AccountManagement::createAccountWithPasswordHash` does before it sends the new-account e-mail:
 * a store view for the customer, `created_in`, and `CustomerRepository::save` (which writes the
 * addresses, and through Magento_Newsletter's plugin the `is_subscribed` extension attribute). No
 * password is set: the customer sets one with "Forgot your password?".
 */
final class CustomerCreator implements CustomerCreatorInterface
{
    public function __construct(
        private readonly CustomerRepositoryInterface $customers,
        private readonly StoreManagerInterface $storeManager
    ) {
    }

    public function create(CustomerInterface $customer): CustomerInterface
    {
        // A create, never an update of another customer: the id is Magento's to give.
        $customer->setId(null);
        if (!$customer->getStoreId()) {
            $storeId = $customer->getWebsiteId()
                ? $this->storeManager->getWebsite($customer->getWebsiteId())->getDefaultStore()->getId()
                : $this->storeManager->getStore()->getId();
            $customer->setStoreId((int) $storeId);
        }
        $customer->setCreatedIn($this->storeManager->getStore($customer->getStoreId())->getName());
        try {
            return $this->customers->save($customer);
        } catch (AlreadyExistsException $e) {
            throw new InputMismatchException(
                __('A customer with the same email address already exists in an associated website.'),
                $e
            );
        }
    }
}
