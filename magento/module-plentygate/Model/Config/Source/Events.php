<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Config\Source;

use Magento\Framework\Data\OptionSourceInterface;
use Plentygate\Webhooks\Model\EventCatalog;

/** The events the admin can switch on and off (plentygate_webhooks/general/events). */
class Events implements OptionSourceInterface
{
    public function __construct(private readonly EventCatalog $catalog)
    {
    }

    /** @return array<int, array{value: string, label: string}> */
    public function toOptionArray(): array
    {
        $options = [];
        foreach ($this->catalog->codes() as $code) {
            $event = $this->catalog->get($code);
            $options[] = ['value' => $code, 'label' => sprintf('%s (%s)', $event['label'], $event['type'])];
        }
        return $options;
    }
}
