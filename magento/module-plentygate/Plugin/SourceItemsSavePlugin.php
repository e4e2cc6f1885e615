<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Plugin;

use Plentygate\Webhooks\Model\ChangeRecorder;

/**
 * Multi-Source Inventory has no save event for source items: this plugin on
 * Magento\InventoryApi\Api\SourceItemsSaveInterface::execute records one `stock.saved` row per SKU
 * after the save returned (the source items are committed by then: at least once, after the commit).
 * Without MSI installed the plugin is never instantiated.
 */
class SourceItemsSavePlugin
{
    public function __construct(private readonly ChangeRecorder $changes)
    {
    }

    /**
     * @param object $subject Magento\InventoryApi\Api\SourceItemsSaveInterface
     * @param null $result
     * @param array<int, object> $sourceItems Magento\InventoryApi\Api\Data\SourceItemInterface[]
     * @SuppressWarnings(PHPMD.UnusedFormalParameter)
     */
    public function afterExecute(object $subject, $result, array $sourceItems)
    {
        if (!$this->changes->wants('source_item_saved')) {
            return $result;
        }
        $sources = [];
        foreach ($sourceItems as $item) {
            if (is_callable([$item, 'getSku']) && is_callable([$item, 'getSourceCode'])) {
                $sources[(string)$item->getSku()][] = (string)$item->getSourceCode();
            }
        }
        foreach ($sources as $sku => $codes) {
            $this->changes->record('source_item_saved', [(string)$sku], null, [
                'source_code' => implode(',', array_unique($codes)),
            ]);
        }
        return $result;
    }
}
