<?php
/**
 * Registers Plentygate_Webhooks with Magento's component registrar (loaded through composer's "files").
 */
declare(strict_types=1);

use Magento\Framework\Component\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Plentygate_Webhooks', __DIR__);
