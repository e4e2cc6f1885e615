<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Cron;

use Plentygate\Webhooks\Model\Flusher;
use Psr\Log\LoggerInterface;

/** Every minute: sends the due outbox rows (up to ten batches). */
class SendWebhooks
{
    private const MAX_BATCHES = 10;

    public function __construct(private readonly Flusher $flusher, private readonly LoggerInterface $logger)
    {
    }

    public function execute(): void
    {
        $report = $this->flusher->flush(self::MAX_BATCHES);
        if ($report === null || $report->attempted() === 0) {
            return;
        }
        $message = sprintf(
            'plentygate webhooks: %d sent, %d to retry, %d failed',
            $report->sent,
            $report->retried,
            $report->failed
        );
        if ($report->errors === []) {
            $this->logger->info($message);
        } else {
            $this->logger->warning($message . ': ' . implode('; ', array_slice($report->errors, 0, 5)));
        }
    }
}
