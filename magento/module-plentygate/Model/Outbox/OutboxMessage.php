<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Outbox;

/**
 * One row of the outbox (table plentygate_webhook_outbox). The body is fixed when the row is
 * written and the webhook id is reused on every retry, so plentygate sees retries as duplicates.
 */
final class OutboxMessage
{
    public const PENDING = 'pending';
    public const SENT = 'sent';
    public const FAILED = 'failed';

    public function __construct(
        public readonly ?int $id,
        public readonly string $webhookId,
        public readonly string $eventType,
        public readonly string $observer,
        public readonly string $body,
        public readonly string $status,
        public readonly int $attempts,
        public readonly \DateTimeImmutable $createdAt,
        public readonly \DateTimeImmutable $nextAttemptAt,
        public readonly ?\DateTimeImmutable $lastAttemptAt = null,
        public readonly ?int $lastStatus = null,
        public readonly ?string $lastError = null
    ) {
    }
}
