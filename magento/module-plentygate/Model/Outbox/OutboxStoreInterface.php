<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Outbox;

/**
 * Where recorded webhooks wait until they are delivered. The Magento implementation
 * (DbOutboxStore) writes through the default connection, so a row recorded by an observer commits
 * or rolls back with the save that caused it.
 */
interface OutboxStoreInterface
{
    public function add(OutboxMessage $message): void;

    /**
     * Pending rows whose next attempt is due, oldest first.
     *
     * @return OutboxMessage[]
     */
    public function due(\DateTimeImmutable $now, int $limit): array;

    public function markSent(int $id, int $attempts, \DateTimeImmutable $at, int $status): void;

    public function markRetry(
        int $id,
        int $attempts,
        \DateTimeImmutable $at,
        \DateTimeImmutable $nextAttemptAt,
        ?int $status,
        string $error
    ): void;

    public function markFailed(int $id, int $attempts, \DateTimeImmutable $at, ?int $status, string $error): void;

    /** Puts failed rows back to pending with a fresh attempt count; returns how many. */
    public function retryFailed(\DateTimeImmutable $now): int;

    /** Deletes sent rows last attempted before the given time; returns how many. */
    public function purgeSent(\DateTimeImmutable $before): int;

    /**
     * Counts per status, the oldest pending row's creation time and the most recent error.
     *
     * @return array{pending: int, sent: int, failed: int, oldest_pending: ?\DateTimeImmutable,
     *     next_attempt: ?\DateTimeImmutable, last_error: ?string}
     */
    public function summary(): array;
}
