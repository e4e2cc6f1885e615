<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit;

use PHPUnit\Framework\TestCase;
use Plentygate\Webhooks\Model\EventCatalog;
use Plentygate\Webhooks\Model\Outbox\OutboxMessage;
use Plentygate\Webhooks\Model\Outbox\Recorder;
use Plentygate\Webhooks\Model\PayloadBuilder;
use Plentygate\Webhooks\Model\Signer;
use Plentygate\Webhooks\Test\Unit\Support\ArraySettings;
use Plentygate\Webhooks\Test\Unit\Support\MemoryOutboxStore;

final class RecorderTest extends TestCase
{
    private function recorder(MemoryOutboxStore $store, ArraySettings $settings): Recorder
    {
        $catalog = new EventCatalog();
        return new Recorder($store, $settings, new PayloadBuilder($catalog), $catalog, new Signer());
    }

    public function testWritesAPendingRowDueAtOnce(): void
    {
        $store = new MemoryOutboxStore();
        $now = new \DateTimeImmutable('2026-03-01T10:00:00Z');
        self::assertTrue($this->recorder($store, new ArraySettings())->record('shipment_saved', ['000000007'], 'de', [], $now));
        self::assertCount(1, $store->rows);
        $row = $store->rows[1];
        self::assertSame(OutboxMessage::PENDING, $row->status);
        self::assertSame('shipment.saved', $row->eventType);
        self::assertSame('sales_order_shipment_save_after', $row->observer);
        self::assertSame(0, $row->attempts);
        self::assertEquals($now, $row->nextAttemptAt);
        self::assertSame(['keys' => ['000000007'], 'observer' => 'sales_order_shipment_save_after', 'store' => 'de'],
            json_decode($row->body, true)['data']);
        self::assertCount(1, $store->due($now, 10));
    }

    public function testRecordsNothingWhenDisabledOrTheEventIsSwitchedOff(): void
    {
        $store = new MemoryOutboxStore();
        self::assertFalse($this->recorder($store, new ArraySettings(enabled: false))->record('order_saved', ['1'], null));
        $onlyOrders = new ArraySettings(events: ['order_placed', 'order_saved']);
        self::assertFalse($this->recorder($store, $onlyOrders)->record('product_saved', ['SKU'], null));
        self::assertTrue($this->recorder($store, $onlyOrders)->record('order_saved', ['1'], null));
        self::assertCount(1, $store->rows);
    }

    public function testEachRowGetsItsOwnWebhookId(): void
    {
        $store = new MemoryOutboxStore();
        $recorder = $this->recorder($store, new ArraySettings());
        $recorder->record('product_saved', ['A'], null);
        $recorder->record('product_saved', ['A'], null);
        self::assertNotSame($store->rows[1]->webhookId, $store->rows[2]->webhookId);
    }
}
