<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Config;

/**
 * The module's settings (Stores > Configuration > Services > plentygate Webhooks), read by the plain
 * PHP classes. The Magento implementation (Settings) reads them from the store configuration and
 * decrypts the secret with Magento's encryptor.
 */
interface SettingsInterface
{
    public function isEnabled(): bool;

    public function isEventEnabled(string $eventCode): bool;

    /** The gateway's webhook URL, e.g. https://plentygate.example.com/webhooks/magento; '' when unset. */
    public function gatewayUrl(): string;

    /** The decrypted secret field: one `whsec_…` secret, or several while rotating; '' when unset. */
    public function secret(): string;

    /** Rows sent per cron run. */
    public function batchSize(): int;

    /** Attempts before a row is marked failed. */
    public function maxAttempts(): int;

    /** Seconds to wait for plentygate's answer. */
    public function timeoutS(): int;

    /** Days a sent row is kept (for `status` and support) before the cleanup cron deletes it. */
    public function retentionDays(): int;
}
