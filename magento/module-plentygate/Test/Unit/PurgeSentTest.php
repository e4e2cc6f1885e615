<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit;

use PHPUnit\Framework\TestCase;
use Plentygate\Webhooks\Cron\PurgeSent;
use Plentygate\Webhooks\Model\Outbox\OutboxMessage;
use Plentygate\Webhooks\Test\Unit\Support\ArraySettings;
use Plentygate\Webhooks\Test\Unit\Support\MemoryOutboxStore;

final class PurgeSentTest extends TestCase
{
    public function testDeletesOnlySentRowsOlderThanTheRetention(): void
    {
        $store = new MemoryOutboxStore();
        $now = new \DateTimeImmutable('now', new \DateTimeZone('UTC'));
        $row = fn (string $status, string $age) => new OutboxMessage(
            null, 'msg_' . bin2hex(random_bytes(4)), 'order.saved', 'sales_order_save_after', '{}', $status, 1,
            $now->modify("-$age"), $now->modify("-$age"), $now->modify("-$age")
        );
        $store->add($row(OutboxMessage::SENT, '8 days'));
        $store->add($row(OutboxMessage::SENT, '6 days'));
        $store->add($row(OutboxMessage::FAILED, '30 days'));
        $store->add($row(OutboxMessage::PENDING, '30 days'));

        (new PurgeSent($store, new ArraySettings(retentionDays: 7)))->execute();

        self::assertSame([2, 3, 4], array_keys($store->rows));
    }
}
