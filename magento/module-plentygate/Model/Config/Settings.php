<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Config;

use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\Encryption\EncryptorInterface;

/**
 * The settings from Stores > Configuration > Services > plentygate Webhooks (default scope: the
 * webhooks describe the whole installation). The secret is stored encrypted by the
 * Magento\Config\Model\Config\Backend\Encrypted backend model and decrypted here, only when sending.
 */
class Settings implements SettingsInterface
{
    public const XML_ENABLED = 'plentygate_webhooks/general/enabled';
    public const XML_GATEWAY_URL = 'plentygate_webhooks/general/gateway_url';
    public const XML_SECRET = 'plentygate_webhooks/general/secret';
    public const XML_EVENTS = 'plentygate_webhooks/general/events';
    public const XML_BATCH_SIZE = 'plentygate_webhooks/delivery/batch_size';
    public const XML_MAX_ATTEMPTS = 'plentygate_webhooks/delivery/max_attempts';
    public const XML_TIMEOUT = 'plentygate_webhooks/delivery/timeout';
    public const XML_RETENTION_DAYS = 'plentygate_webhooks/delivery/retention_days';

    public function __construct(
        private readonly ScopeConfigInterface $config,
        private readonly EncryptorInterface $encryptor
    ) {
    }

    public function isEnabled(): bool
    {
        return $this->config->isSetFlag(self::XML_ENABLED);
    }

    public function isEventEnabled(string $eventCode): bool
    {
        $events = (string)$this->config->getValue(self::XML_EVENTS);
        return in_array($eventCode, array_map('trim', explode(',', $events)), true);
    }

    public function gatewayUrl(): string
    {
        return trim((string)$this->config->getValue(self::XML_GATEWAY_URL));
    }

    public function secret(): string
    {
        $stored = (string)$this->config->getValue(self::XML_SECRET);
        return $stored === '' ? '' : trim($this->encryptor->decrypt($stored));
    }

    public function batchSize(): int
    {
        return $this->positive(self::XML_BATCH_SIZE, 100);
    }

    public function maxAttempts(): int
    {
        return $this->positive(self::XML_MAX_ATTEMPTS, 15);
    }

    public function timeoutS(): int
    {
        return $this->positive(self::XML_TIMEOUT, 10);
    }

    public function retentionDays(): int
    {
        return $this->positive(self::XML_RETENTION_DAYS, 7);
    }

    private function positive(string $path, int $default): int
    {
        $value = (int)$this->config->getValue($path);
        return $value > 0 ? $value : $default;
    }
}
