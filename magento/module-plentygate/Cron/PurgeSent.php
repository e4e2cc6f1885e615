<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Cron;

use Plentygate\Webhooks\Model\Config\SettingsInterface;
use Plentygate\Webhooks\Model\Outbox\OutboxStoreInterface;

/** Daily: deletes sent rows older than the retention setting. Pending and failed rows are kept. */
class PurgeSent
{
    public function __construct(
        private readonly OutboxStoreInterface $store,
        private readonly SettingsInterface $settings
    ) {
    }

    public function execute(): void
    {
        $before = (new \DateTimeImmutable('now', new \DateTimeZone('UTC')))
            ->modify(sprintf('-%d days', $this->settings->retentionDays()));
        $this->store->purgeSent($before);
    }
}
