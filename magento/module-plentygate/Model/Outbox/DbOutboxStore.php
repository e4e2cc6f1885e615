<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Outbox;

use Magento\Framework\App\ResourceConnection;
use Magento\Framework\DB\Adapter\AdapterInterface;
use Magento\Framework\DB\Sql\Expression;

/**
 * The outbox table plentygate_webhook_outbox (etc/db_schema.xml), through Magento's default
 * connection: the same connection, hence the same transaction, as the order, product or customer
 * save that records a row. Times are stored in UTC.
 */
class DbOutboxStore implements OutboxStoreInterface
{
    private const TABLE = 'plentygate_webhook_outbox';
    private const FORMAT = 'Y-m-d H:i:s';

    public function __construct(private readonly ResourceConnection $resource)
    {
    }

    public function add(OutboxMessage $message): void
    {
        $this->db()->insert($this->table(), [
            'webhook_id' => $message->webhookId,
            'event_type' => $message->eventType,
            'observer' => $message->observer,
            'body' => $message->body,
            'status' => $message->status,
            'attempts' => $message->attempts,
            'created_at' => $this->time($message->createdAt),
            'next_attempt_at' => $this->time($message->nextAttemptAt),
        ]);
    }

    public function due(\DateTimeImmutable $now, int $limit): array
    {
        $select = $this->db()->select()
            ->from($this->table())
            ->where('status = ?', OutboxMessage::PENDING)
            ->where('next_attempt_at <= ?', $this->time($now))
            ->order('outbox_id ASC')
            ->limit(max(1, $limit));
        return array_map(fn (array $row) => $this->message($row), $this->db()->fetchAll($select));
    }

    public function markSent(int $id, int $attempts, \DateTimeImmutable $at, int $status): void
    {
        $this->update($id, [
            'status' => OutboxMessage::SENT,
            'attempts' => $attempts,
            'last_attempt_at' => $this->time($at),
            'last_status' => $status,
            'last_error' => null,
        ]);
    }

    public function markRetry(
        int $id,
        int $attempts,
        \DateTimeImmutable $at,
        \DateTimeImmutable $nextAttemptAt,
        ?int $status,
        string $error
    ): void {
        $this->update($id, [
            'attempts' => $attempts,
            'last_attempt_at' => $this->time($at),
            'next_attempt_at' => $this->time($nextAttemptAt),
            'last_status' => $status,
            'last_error' => mb_substr($error, 0, 1024),
        ]);
    }

    public function markFailed(int $id, int $attempts, \DateTimeImmutable $at, ?int $status, string $error): void
    {
        $this->update($id, [
            'status' => OutboxMessage::FAILED,
            'attempts' => $attempts,
            'last_attempt_at' => $this->time($at),
            'last_status' => $status,
            'last_error' => mb_substr($error, 0, 1024),
        ]);
    }

    public function retryFailed(\DateTimeImmutable $now): int
    {
        return $this->db()->update(
            $this->table(),
            ['status' => OutboxMessage::PENDING, 'attempts' => 0, 'next_attempt_at' => $this->time($now)],
            ['status = ?' => OutboxMessage::FAILED]
        );
    }

    public function purgeSent(\DateTimeImmutable $before): int
    {
        return $this->db()->delete(
            $this->table(),
            ['status = ?' => OutboxMessage::SENT, 'last_attempt_at < ?' => $this->time($before)]
        );
    }

    public function summary(): array
    {
        $db = $this->db();
        $counts = $db->fetchPairs(
            $db->select()->from($this->table(), ['status', 'n' => new Expression('COUNT(*)')])->group('status')
        );
        $pending = $db->fetchRow(
            $db->select()
                ->from($this->table(), [
                    'oldest' => new Expression('MIN(created_at)'),
                    'next' => new Expression('MIN(next_attempt_at)'),
                ])
                ->where('status = ?', OutboxMessage::PENDING)
        ) ?: [];
        $lastError = $db->fetchOne(
            $db->select()
                ->from($this->table(), ['last_error'])
                ->where('last_error IS NOT NULL')
                ->order('last_attempt_at DESC')
                ->limit(1)
        );
        return [
            'pending' => (int)($counts[OutboxMessage::PENDING] ?? 0),
            'sent' => (int)($counts[OutboxMessage::SENT] ?? 0),
            'failed' => (int)($counts[OutboxMessage::FAILED] ?? 0),
            'oldest_pending' => $this->parse($pending['oldest'] ?? null),
            'next_attempt' => $this->parse($pending['next'] ?? null),
            'last_error' => $lastError === false || $lastError === null ? null : (string)$lastError,
        ];
    }

    /** @param array<string, mixed> $data */
    private function update(int $id, array $data): void
    {
        $this->db()->update($this->table(), $data, ['outbox_id = ?' => $id]);
    }

    /** @param array<string, mixed> $row */
    private function message(array $row): OutboxMessage
    {
        return new OutboxMessage(
            (int)$row['outbox_id'],
            (string)$row['webhook_id'],
            (string)$row['event_type'],
            (string)$row['observer'],
            (string)$row['body'],
            (string)$row['status'],
            (int)$row['attempts'],
            $this->parse($row['created_at']) ?? new \DateTimeImmutable('now', new \DateTimeZone('UTC')),
            $this->parse($row['next_attempt_at']) ?? new \DateTimeImmutable('now', new \DateTimeZone('UTC')),
            $this->parse($row['last_attempt_at'] ?? null),
            isset($row['last_status']) ? (int)$row['last_status'] : null,
            isset($row['last_error']) ? (string)$row['last_error'] : null
        );
    }

    private function db(): AdapterInterface
    {
        return $this->resource->getConnection();
    }

    private function table(): string
    {
        return $this->resource->getTableName(self::TABLE);
    }

    private function time(\DateTimeImmutable $at): string
    {
        return $at->setTimezone(new \DateTimeZone('UTC'))->format(self::FORMAT);
    }

    private function parse(mixed $value): ?\DateTimeImmutable
    {
        if (!is_string($value) || $value === '') {
            return null;
        }
        $at = \DateTimeImmutable::createFromFormat(self::FORMAT, $value, new \DateTimeZone('UTC'));
        return $at === false ? null : $at;
    }
}
