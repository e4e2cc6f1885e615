<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit\Support;

use Plentygate\Webhooks\Model\Config\SettingsInterface;
use Plentygate\Webhooks\Model\EventCatalog;

/** Settings as plain values (what the admin configuration holds after decryption). */
final class ArraySettings implements SettingsInterface
{
    /** @param string[]|null $events null: every event */
    public function __construct(
        public bool $enabled = true,
        public string $url = 'https://plentygate.test/webhooks/magento',
        public string $secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        public ?array $events = null,
        public int $batchSize = 100,
        public int $maxAttempts = 15,
        public int $timeoutS = 10,
        public int $retentionDays = 7
    ) {
    }

    public function isEnabled(): bool
    {
        return $this->enabled;
    }

    public function isEventEnabled(string $eventCode): bool
    {
        return in_array($eventCode, $this->events ?? (new EventCatalog())->codes(), true);
    }

    public function gatewayUrl(): string
    {
        return $this->url;
    }

    public function secret(): string
    {
        return $this->secret;
    }

    public function batchSize(): int
    {
        return $this->batchSize;
    }

    public function maxAttempts(): int
    {
        return $this->maxAttempts;
    }

    public function timeoutS(): int
    {
        return $this->timeoutS;
    }

    public function retentionDays(): int
    {
        return $this->retentionDays;
    }
}
