<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model;

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com), as plentygate's gateway verifies it:
 * `webhook-signature: v1,<base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>"))>` where key is the
 * base64-decoded part of the `whsec_…` secret. Several secrets give several signatures, so the
 * secret can be rotated without a gap (the gateway accepts a delivery when any of them matches).
 */
final class Signer
{
    public const PREFIX = 'whsec_';

    /**
     * @param string[] $secrets one or more `whsec_…` secrets
     * @return array{webhook-id: string, webhook-timestamp: string, webhook-signature: string}
     * @throws \InvalidArgumentException when no usable secret is given
     */
    public function headers(string $webhookId, int $timestamp, string $body, array $secrets): array
    {
        if ($secrets === []) {
            throw new \InvalidArgumentException('No webhook secret configured: set the plentygate secret (whsec_…) first.');
        }
        $signatures = [];
        foreach ($secrets as $secret) {
            $signatures[] = 'v1,' . base64_encode(
                hash_hmac('sha256', $webhookId . '.' . $timestamp . '.' . $body, $this->keyBytes($secret), true)
            );
        }
        return [
            'webhook-id' => $webhookId,
            'webhook-timestamp' => (string)$timestamp,
            'webhook-signature' => implode(' ', $signatures),
        ];
    }

    /**
     * Splits the configured secret field (one secret, or several separated by spaces or commas while
     * rotating) and checks each one.
     *
     * @return string[]
     * @throws \InvalidArgumentException naming what is wrong with a secret (never the secret itself)
     */
    public function parseSecrets(string $configured): array
    {
        $secrets = preg_split('/[\s,]+/', trim($configured), -1, PREG_SPLIT_NO_EMPTY) ?: [];
        foreach ($secrets as $i => $secret) {
            $this->keyBytes($secret, $i + 1);
        }
        return $secrets;
    }

    /** A new message id; a retry of the same message reuses it, so plentygate drops duplicates. */
    public function newWebhookId(): string
    {
        return 'msg_' . bin2hex(random_bytes(16));
    }

    /** @throws \InvalidArgumentException */
    private function keyBytes(string $secret, int $position = 1): string
    {
        $encoded = str_starts_with($secret, self::PREFIX) ? substr($secret, strlen(self::PREFIX)) : $secret;
        $key = base64_decode($encoded, true);
        if ($key === false || strlen($key) < 16) {
            throw new \InvalidArgumentException(sprintf(
                'Webhook secret #%d is not a Standard Webhooks secret: expected "whsec_" followed by base64 of '
                . 'at least 16 random bytes (copy it from plentygate\'s MAGENTO_WEBHOOK_SECRET).',
                $position
            ));
        }
        return $key;
    }
}
