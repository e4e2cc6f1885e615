<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit;

use PHPUnit\Framework\TestCase;
use Plentygate\Webhooks\Model\EventCatalog;
use Plentygate\Webhooks\Model\Http\Response;
use Plentygate\Webhooks\Model\Outbox\OutboxMessage;
use Plentygate\Webhooks\Model\Outbox\Recorder;
use Plentygate\Webhooks\Model\Outbox\Sender;
use Plentygate\Webhooks\Model\PayloadBuilder;
use Plentygate\Webhooks\Model\RetrySchedule;
use Plentygate\Webhooks\Model\Signer;
use Plentygate\Webhooks\Test\Unit\Support\ArraySettings;
use Plentygate\Webhooks\Test\Unit\Support\MemoryOutboxStore;
use Plentygate\Webhooks\Test\Unit\Support\ScriptedTransport;

final class SenderTest extends TestCase
{
    private MemoryOutboxStore $store;
    private ArraySettings $settings;
    private \DateTimeImmutable $t0;

    protected function setUp(): void
    {
        $this->store = new MemoryOutboxStore();
        $this->settings = new ArraySettings();
        $this->t0 = new \DateTimeImmutable('2026-03-01T10:00:00Z');
    }

    private function record(string $code, string $key): void
    {
        $catalog = new EventCatalog();
        (new Recorder($this->store, $this->settings, new PayloadBuilder($catalog), $catalog, new Signer()))
            ->record($code, [$key], null, [], $this->t0);
    }

    private function sender(ScriptedTransport $transport): Sender
    {
        return new Sender($this->store, $transport, $this->settings, new Signer(), new RetrySchedule(), new PayloadBuilder(new EventCatalog()));
    }

    public function testDeliversDueRowsSignedAtSendTimeAndMarksThemSent(): void
    {
        $this->record('order_placed', '000000001');
        $this->record('product_saved', 'SKU-1');
        $transport = new ScriptedTransport([new Response(200, null, '{"status":"accepted"}')]);
        $sendAt = $this->t0->modify('+30 seconds');
        $report = $this->sender($transport)->flush(null, $sendAt);

        self::assertSame([2, 0, 0], [$report->sent, $report->retried, $report->failed]);
        self::assertCount(2, $transport->requests);
        $request = $transport->requests[0];
        self::assertSame('https://plentygate.test/webhooks/magento', $request['url']);
        self::assertSame('application/json', $request['headers']['content-type']);
        self::assertSame((string)$sendAt->getTimestamp(), $request['headers']['webhook-timestamp']);
        self::assertSame($this->store->rows[1]->webhookId, $request['headers']['webhook-id']);
        self::assertSame($this->store->rows[1]->body, $request['body']);
        $expected = (new Signer())->headers($request['headers']['webhook-id'], $sendAt->getTimestamp(), $request['body'], [$this->settings->secret]);
        self::assertSame($expected['webhook-signature'], $request['headers']['webhook-signature']);
        self::assertSame(10, $request['timeout']);
        foreach ($this->store->rows as $row) {
            self::assertSame(OutboxMessage::SENT, $row->status);
            self::assertSame(1, $row->attempts);
            self::assertSame(200, $row->lastStatus);
        }
        self::assertSame(0, $this->sender($transport)->flush(null, $sendAt)->attempted(), 'a sent row is not sent again');
    }

    public function testAPlentygateThatIsDownDelaysTheWebhookWithBackoffAndTheRetryReusesTheWebhookId(): void
    {
        $this->record('order_saved', '000000002');
        $transport = new ScriptedTransport(['Connection refused', new Response(503, null, 'shutting down'), new Response(200)]);
        $sender = $this->sender($transport);

        $first = $sender->flush(null, $this->t0);
        self::assertSame(1, $first->retried);
        $row = $this->store->rows[1];
        self::assertSame(OutboxMessage::PENDING, $row->status);
        self::assertSame(1, $row->attempts);
        self::assertEquals($this->t0->modify('+60 seconds'), $row->nextAttemptAt);
        self::assertStringContainsString('no answer: Connection refused', (string)$row->lastError);

        self::assertSame(0, $sender->flush(null, $this->t0->modify('+59 seconds'))->attempted(), 'not due yet');

        $second = $sender->flush(null, $this->t0->modify('+60 seconds'));
        self::assertSame(1, $second->retried);
        $row = $this->store->rows[1];
        self::assertSame(2, $row->attempts);
        self::assertSame(503, $row->lastStatus);
        self::assertEquals($this->t0->modify('+180 seconds'), $row->nextAttemptAt);

        $third = $sender->flush(null, $this->t0->modify('+180 seconds'));
        self::assertSame(1, $third->sent);
        self::assertSame(OutboxMessage::SENT, $this->store->rows[1]->status);
        $ids = array_unique(array_map(fn ($r) => $r['headers']['webhook-id'], $transport->requests));
        self::assertCount(1, $ids, 'every retry carries the same webhook-id');
        self::assertCount(1, array_unique(array_map(fn ($r) => $r['body'], $transport->requests)));
    }

    public function testStopsTheBatchWhenPlentygateDoesNotAnswerWithoutSpendingTheOthersAttempts(): void
    {
        foreach (['A', 'B', 'C'] as $key) {
            $this->record('product_saved', $key);
        }
        $transport = new ScriptedTransport(['Operation timed out after 10000 milliseconds']);
        $report = $this->sender($transport)->flush(null, $this->t0);
        self::assertTrue($report->stopped);
        self::assertSame(1, $report->retried);
        self::assertCount(1, $transport->requests);
        self::assertSame([1, 0, 0], array_map(fn ($r) => $r->attempts, array_values($this->store->rows)));
        self::assertCount(2, $this->store->due($this->t0, 10), 'the rest stays due for the next run');
    }

    public function testAnHttpErrorDoesNotStopTheBatch(): void
    {
        $this->record('product_saved', 'A');
        $this->record('product_saved', 'B');
        $report = $this->sender(new ScriptedTransport([new Response(503)]))->flush(null, $this->t0);
        self::assertFalse($report->stopped);
        self::assertSame(2, $report->retried);
    }

    public function testHonoursRetryAfter(): void
    {
        $this->record('order_saved', '000000003');
        $this->sender(new ScriptedTransport([new Response(429, 900)]))->flush(null, $this->t0);
        self::assertEquals($this->t0->modify('+900 seconds'), $this->store->rows[1]->nextAttemptAt);
    }

    public function testABodyPlentygateRefusesFailsAtOnceWithoutBlockingTheRest(): void
    {
        $this->record('order_saved', 'A');
        $this->record('order_saved', 'B');
        $report = $this->sender(new ScriptedTransport([new Response(400, null, '{"detail":"bad json"}'), new Response(200)]))
            ->flush(null, $this->t0);
        self::assertSame([1, 0, 1], [$report->sent, $report->retried, $report->failed]);
        self::assertSame(OutboxMessage::FAILED, $this->store->rows[1]->status);
        self::assertStringContainsString('HTTP 400 {"detail":"bad json"}', (string)$this->store->rows[1]->lastError);
        self::assertSame(OutboxMessage::SENT, $this->store->rows[2]->status);
        self::assertStringContainsString('(order.saved): HTTP 400', $report->errors[0]);
    }

    public function testMarksFailedAfterTheLastAttemptAndCanBeQueuedAgain(): void
    {
        $this->settings->maxAttempts = 3;
        $this->record('category_saved', '12');
        $sender = $this->sender(new ScriptedTransport([new Response(500), new Response(500), new Response(500), new Response(200)]));
        $now = $this->t0;
        for ($i = 0; $i < 3; $i++) {
            $sender->flush(null, $now);
            $now = $now->modify('+1 day');
        }
        self::assertSame(OutboxMessage::FAILED, $this->store->rows[1]->status);
        self::assertSame(3, $this->store->rows[1]->attempts);
        self::assertSame(0, $sender->flush(null, $now)->attempted(), 'a failed row is not retried by itself');

        self::assertSame(1, $this->store->retryFailed($now));
        self::assertSame(1, $sender->flush(null, $now)->sent);
    }

    public function testWithoutUrlOrSecretNothingIsSentAndNothingIsLost(): void
    {
        $this->record('customer_saved', '5');
        $transport = new ScriptedTransport([new Response(200)]);
        $this->settings->secret = '';
        $report = $this->sender($transport)->flush(null, $this->t0);
        self::assertSame('No plentygate webhook secret configured.', $report->skipped);
        $this->settings->secret = 'whsec_' . base64_encode(random_bytes(24));
        $this->settings->url = '';
        self::assertStringContainsString('No plentygate gateway URL', (string)$this->sender($transport)->flush(null, $this->t0)->skipped);
        self::assertSame([], $transport->requests);
        self::assertSame(OutboxMessage::PENDING, $this->store->rows[1]->status);
        self::assertSame(0, $this->store->rows[1]->attempts);
    }

    public function testSendsAtMostTheBatchSize(): void
    {
        foreach (range(1, 5) as $n) {
            $this->record('product_saved', "SKU-$n");
        }
        $this->settings->batchSize = 2;
        $transport = new ScriptedTransport([new Response(200)]);
        self::assertSame(2, $this->sender($transport)->flush(null, $this->t0)->sent);
        self::assertSame(['SKU-1', 'SKU-2'], array_map(fn ($r) => json_decode($r['body'], true)['data']['keys'][0], $transport->requests));
    }

    public function testTheTestWebhookExplainsAWrongSecret(): void
    {
        $result = $this->sender(new ScriptedTransport([new Response(401)]))->sendTest($this->t0);
        self::assertFalse($result['ok']);
        self::assertSame(401, $result['status']);
        self::assertStringContainsString('MAGENTO_WEBHOOK_SECRET', $result['message']);
        $ok = $this->sender(new ScriptedTransport([new Response(200)]))->sendTest($this->t0);
        self::assertTrue($ok['ok']);
        self::assertSame([], $this->store->rows, 'the test webhook does not go through the outbox');
    }
}
