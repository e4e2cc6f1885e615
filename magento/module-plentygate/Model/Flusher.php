<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model;

use Magento\Framework\Lock\LockManagerInterface;
use Plentygate\Webhooks\Model\Config\SettingsInterface;
use Plentygate\Webhooks\Model\Outbox\FlushReport;
use Plentygate\Webhooks\Model\Outbox\Sender;

/**
 * Sends due webhooks in batches under a lock, so the cron job and `plentygate:webhooks:flush` never
 * send the same row twice at once (Magento's lock manager: the database by default, shared by every
 * server of the installation).
 */
class Flusher
{
    public const LOCK = 'plentygate_webhooks_flush';

    public function __construct(
        private readonly Sender $sender,
        private readonly SettingsInterface $settings,
        private readonly LockManagerInterface $locks
    ) {
    }

    /** @return FlushReport|null null when another flush holds the lock */
    public function flush(int $maxBatches): ?FlushReport
    {
        if (!$this->locks->lock(self::LOCK, 0)) {
            return null;
        }
        try {
            $total = new FlushReport();
            $batch = $this->settings->batchSize();
            for ($i = 0; $i < $maxBatches; $i++) {
                $report = $this->sender->flush($batch);
                $total->merge($report);
                // A short batch means nothing more is due; a skipped or stopped one that nothing more
                // can be sent now.
                if ($report->skipped !== null || $report->stopped || $report->attempted() < $batch) {
                    break;
                }
            }
            return $total;
        } finally {
            $this->locks->unlock(self::LOCK);
        }
    }
}
