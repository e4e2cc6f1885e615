<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Controller\Adminhtml\Webhook;

use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Framework\App\Action\HttpPostActionInterface;
use Magento\Framework\Controller\Result\Json;
use Magento\Framework\Controller\Result\JsonFactory;
use Plentygate\Webhooks\Model\Outbox\Sender;

/**
 * The "Send test webhook" button: signs and posts a `plentygate.test` webhook with the saved
 * configuration and reports plentygate's answer (plentygate authenticates it and does not act on it).
 */
class Test extends Action implements HttpPostActionInterface
{
    public const ADMIN_RESOURCE = 'Plentygate_Webhooks::config';

    public function __construct(
        Context $context,
        private readonly Sender $sender,
        private readonly JsonFactory $jsonFactory
    ) {
        parent::__construct($context);
    }

    public function execute(): Json
    {
        return $this->jsonFactory->create()->setData($this->sender->sendTest());
    }
}
