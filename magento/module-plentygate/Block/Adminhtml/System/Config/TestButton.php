<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Block\Adminhtml\System\Config;

use Magento\Config\Block\System\Config\Form\Field;
use Magento\Framework\Data\Form\Element\AbstractElement;

/** Renders the "Send test webhook" button of the configuration page. */
class TestButton extends Field
{
    protected $_template = 'Plentygate_Webhooks::system/config/test-button.phtml';

    public function render(AbstractElement $element): string
    {
        // A button has no scope and no default to inherit.
        $element->unsScope()->unsCanUseWebsiteValue()->unsCanUseDefaultValue();
        return parent::render($element);
    }

    public function getTestUrl(): string
    {
        return $this->getUrl('plentygate/webhook/test');
    }

    protected function _getElementHtml(AbstractElement $element): string
    {
        return $this->_toHtml();
    }
}
