<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model;

use Plentygate\Webhooks\Model\Outbox\Recorder;
use Psr\Log\LoggerInterface;

/**
 * What observers call: records a change in the outbox and never lets a webhook problem fail the
 * merchant's save. A failure is logged (event and keys, never the secret) and the save goes on.
 */
class ChangeRecorder
{
    public function __construct(
        private readonly Recorder $recorder,
        private readonly StoreCode $storeCode,
        private readonly LoggerInterface $logger
    ) {
    }

    public function wants(string $eventCode): bool
    {
        try {
            return $this->recorder->wants($eventCode);
        } catch (\Throwable $e) {
            $this->logger->error('plentygate webhooks: could not read the configuration: ' . $e->getMessage());
            return false;
        }
    }

    /**
     * @param array<int, string|int|null> $keys
     * @param array<string, scalar|null> $ids
     */
    public function record(string $eventCode, array $keys, mixed $storeId = null, array $ids = []): void
    {
        try {
            $this->recorder->record($eventCode, array_filter($keys, fn ($k) => $k !== null), $this->storeCode->of($storeId), $ids);
        } catch (\Throwable $e) {
            $this->logger->critical(sprintf(
                'plentygate webhooks: could not record %s for %s: %s',
                $eventCode,
                implode(', ', array_map('strval', array_filter($keys, fn ($k) => $k !== null))) ?: '(no key)',
                $e->getMessage()
            ), ['exception' => $e]);
        }
    }
}
