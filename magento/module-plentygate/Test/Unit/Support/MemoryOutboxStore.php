<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit\Support;

use Plentygate\Webhooks\Model\Outbox\OutboxMessage;
use Plentygate\Webhooks\Model\Outbox\OutboxStoreInterface;

/** The outbox port kept in an array, with the same semantics as DbOutboxStore's SQL. */
final class MemoryOutboxStore implements OutboxStoreInterface
{
    /** @var array<int, OutboxMessage> */
    public array $rows = [];
    private int $nextId = 1;

    public function add(OutboxMessage $message): void
    {
        $id = $this->nextId++;
        $this->rows[$id] = $this->with($message, ['id' => $id]);
    }

    public function due(\DateTimeImmutable $now, int $limit): array
    {
        $due = array_filter(
            $this->rows,
            fn (OutboxMessage $m) => $m->status === OutboxMessage::PENDING && $m->nextAttemptAt <= $now
        );
        ksort($due);
        return array_values(array_slice($due, 0, max(1, $limit), true));
    }

    public function markSent(int $id, int $attempts, \DateTimeImmutable $at, int $status): void
    {
        $this->rows[$id] = $this->with($this->rows[$id], [
            'status' => OutboxMessage::SENT, 'attempts' => $attempts, 'lastAttemptAt' => $at,
            'lastStatus' => $status, 'lastError' => null,
        ]);
    }

    public function markRetry(int $id, int $attempts, \DateTimeImmutable $at, \DateTimeImmutable $nextAttemptAt, ?int $status, string $error): void
    {
        $this->rows[$id] = $this->with($this->rows[$id], [
            'attempts' => $attempts, 'lastAttemptAt' => $at, 'nextAttemptAt' => $nextAttemptAt,
            'lastStatus' => $status, 'lastError' => $error,
        ]);
    }

    public function markFailed(int $id, int $attempts, \DateTimeImmutable $at, ?int $status, string $error): void
    {
        $this->rows[$id] = $this->with($this->rows[$id], [
            'status' => OutboxMessage::FAILED, 'attempts' => $attempts, 'lastAttemptAt' => $at,
            'lastStatus' => $status, 'lastError' => $error,
        ]);
    }

    public function retryFailed(\DateTimeImmutable $now): int
    {
        $n = 0;
        foreach ($this->rows as $id => $m) {
            if ($m->status === OutboxMessage::FAILED) {
                $this->rows[$id] = $this->with($m, ['status' => OutboxMessage::PENDING, 'attempts' => 0, 'nextAttemptAt' => $now]);
                $n++;
            }
        }
        return $n;
    }

    public function purgeSent(\DateTimeImmutable $before): int
    {
        $n = 0;
        foreach ($this->rows as $id => $m) {
            if ($m->status === OutboxMessage::SENT && $m->lastAttemptAt < $before) {
                unset($this->rows[$id]);
                $n++;
            }
        }
        return $n;
    }

    public function summary(): array
    {
        $count = fn (string $s) => count(array_filter($this->rows, fn ($m) => $m->status === $s));
        $pending = array_filter($this->rows, fn ($m) => $m->status === OutboxMessage::PENDING);
        return [
            'pending' => $count(OutboxMessage::PENDING),
            'sent' => $count(OutboxMessage::SENT),
            'failed' => $count(OutboxMessage::FAILED),
            'oldest_pending' => $pending ? min(array_map(fn ($m) => $m->createdAt, $pending)) : null,
            'next_attempt' => $pending ? min(array_map(fn ($m) => $m->nextAttemptAt, $pending)) : null,
            'last_error' => null,
        ];
    }

    /** @param array<string, mixed> $changes */
    private function with(OutboxMessage $m, array $changes): OutboxMessage
    {
        $v = $changes + [
            'id' => $m->id, 'webhookId' => $m->webhookId, 'eventType' => $m->eventType, 'observer' => $m->observer,
            'body' => $m->body, 'status' => $m->status, 'attempts' => $m->attempts, 'createdAt' => $m->createdAt,
            'nextAttemptAt' => $m->nextAttemptAt, 'lastAttemptAt' => $m->lastAttemptAt,
            'lastStatus' => $m->lastStatus, 'lastError' => $m->lastError,
        ];
        return new OutboxMessage(
            $v['id'], $v['webhookId'], $v['eventType'], $v['observer'], $v['body'], $v['status'], $v['attempts'],
            $v['createdAt'], $v['nextAttemptAt'], $v['lastAttemptAt'], $v['lastStatus'], $v['lastError']
        );
    }
}
