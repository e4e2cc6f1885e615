<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit;

use PHPUnit\Framework\TestCase;
use Plentygate\Webhooks\Model\EventCatalog;
use Plentygate\Webhooks\Model\PayloadBuilder;

final class PayloadBuilderTest extends TestCase
{
    private PayloadBuilder $builder;

    protected function setUp(): void
    {
        $this->builder = new PayloadBuilder(new EventCatalog());
    }

    public function testBuildsTheBodyPlentygateDocuments(): void
    {
        $at = new \DateTimeImmutable('2026-01-31 13:00:00', new \DateTimeZone('Europe/Berlin'));
        $body = $this->builder->build('order_saved', ['000000123'], 'default', $at, ['entity_id' => '42']);
        self::assertSame(
            '{"type":"order.saved","timestamp":"2026-01-31T12:00:00Z","data":{"keys":["000000123"],'
            . '"observer":"sales_order_save_after","store":"default","entity_id":"42"}}',
            $body
        );
    }

    public function testEveryEventHasATypePlentygateUnderstands(): void
    {
        $catalog = new EventCatalog();
        $at = new \DateTimeImmutable('2026-01-01T00:00:00Z');
        foreach ($catalog->codes() as $code) {
            $payload = json_decode($this->builder->build($code, ['K-1'], null, $at), true, 512, JSON_THROW_ON_ERROR);
            self::assertMatchesRegularExpression(
                '/^(order|shipment|product|stock|category|customer)\.(placed|saved|deleted)$/',
                $payload['type'],
                $code
            );
            self::assertSame(['K-1'], $payload['data']['keys'], $code);
            self::assertArrayNotHasKey('store', $payload['data'], $code);
        }
    }

    public function testKeysAreDistinctNonEmptyStrings(): void
    {
        $body = $this->builder->build('product_saved', ['SKU-1', '', 'SKU-1', 7, null, ' '], null, new \DateTimeImmutable());
        self::assertSame(['SKU-1', '7'], json_decode($body, true)['data']['keys']);
    }

    public function testNumericStringKeysStayStrings(): void
    {
        $body = $this->builder->build('order_saved', ['000000123', '100'], null, new \DateTimeImmutable());
        self::assertStringContainsString('"keys":["000000123","100"]', $body);
    }

    public function testAWebhookWithoutAKeyIsRefusedWithTheReason(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        $this->expectExceptionMessage('"customer_saved" webhook needs at least one entity key');
        $this->builder->build('customer_saved', [null, ''], null, new \DateTimeImmutable());
    }

    public function testAnUnknownEventIsRefusedNamingTheKnownOnes(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        $this->expectExceptionMessage('Unknown plentygate webhook event "order_exploded"; known events: order_placed');
        $this->builder->build('order_exploded', ['1'], null, new \DateTimeImmutable());
    }

    public function testTheTestWebhookHasNoKeys(): void
    {
        $payload = json_decode($this->builder->buildTest(new \DateTimeImmutable('2026-01-01T00:00:00Z')), true);
        self::assertSame(['type' => 'plentygate.test', 'timestamp' => '2026-01-01T00:00:00Z',
            'data' => ['keys' => [], 'observer' => 'admin_test_button']], $payload);
    }
}
