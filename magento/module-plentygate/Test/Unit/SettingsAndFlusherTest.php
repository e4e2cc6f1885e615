<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit;

use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\Encryption\EncryptorInterface;
use Magento\Framework\Lock\LockManagerInterface;
use PHPUnit\Framework\TestCase;
use Plentygate\Webhooks\Model\Config\Settings;
use Plentygate\Webhooks\Model\EventCatalog;
use Plentygate\Webhooks\Model\Flusher;
use Plentygate\Webhooks\Model\Http\Response;
use Plentygate\Webhooks\Model\Outbox\Recorder;
use Plentygate\Webhooks\Model\Outbox\Sender;
use Plentygate\Webhooks\Model\PayloadBuilder;
use Plentygate\Webhooks\Model\RetrySchedule;
use Plentygate\Webhooks\Model\Signer;
use Plentygate\Webhooks\Test\Unit\Support\ArraySettings;
use Plentygate\Webhooks\Test\Unit\Support\MemoryOutboxStore;
use Plentygate\Webhooks\Test\Unit\Support\ScriptedTransport;

final class SettingsAndFlusherTest extends TestCase
{
    /** @param array<string, mixed> $values */
    private function settings(array $values): Settings
    {
        $config = new class($values) implements ScopeConfigInterface {
            public function __construct(private array $values)
            {
            }

            public function getValue($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null)
            {
                return $this->values[$path] ?? null;
            }

            public function isSetFlag($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null)
            {
                return (bool)($this->values[$path] ?? false);
            }
        };
        // Stands in for Magento's encryptor: the stored value is "enc:" + base64 of the secret.
        $encryptor = new class implements EncryptorInterface {
            public function decrypt($data)
            {
                return str_starts_with((string)$data, 'enc:') ? base64_decode(substr((string)$data, 4)) : '';
            }
        };
        return new Settings($config, $encryptor);
    }

    public function testReadsTheAdminConfigurationAndDecryptsTheSecret(): void
    {
        $secret = 'whsec_' . base64_encode(random_bytes(24));
        $settings = $this->settings([
            Settings::XML_ENABLED => '1',
            Settings::XML_GATEWAY_URL => ' https://pg.example/webhooks/magento ',
            Settings::XML_SECRET => 'enc:' . base64_encode($secret),
            Settings::XML_EVENTS => 'order_placed,product_saved',
            Settings::XML_BATCH_SIZE => '25',
            Settings::XML_MAX_ATTEMPTS => '3',
            Settings::XML_TIMEOUT => '4',
            Settings::XML_RETENTION_DAYS => '30',
        ]);
        self::assertTrue($settings->isEnabled());
        self::assertSame('https://pg.example/webhooks/magento', $settings->gatewayUrl());
        self::assertSame($secret, $settings->secret());
        self::assertTrue($settings->isEventEnabled('product_saved'));
        self::assertFalse($settings->isEventEnabled('order_saved'));
        self::assertSame([25, 3, 4, 30], [$settings->batchSize(), $settings->maxAttempts(), $settings->timeoutS(), $settings->retentionDays()]);
    }

    public function testUnsetOrInvalidValuesFallBackToTheDefaults(): void
    {
        $settings = $this->settings([Settings::XML_BATCH_SIZE => '0', Settings::XML_TIMEOUT => 'soon']);
        self::assertFalse($settings->isEnabled());
        self::assertSame('', $settings->secret());
        self::assertFalse($settings->isEventEnabled('order_saved'));
        self::assertSame([100, 15, 10, 7], [$settings->batchSize(), $settings->maxAttempts(), $settings->timeoutS(), $settings->retentionDays()]);
    }

    private function lock(bool $free): LockManagerInterface
    {
        return new class($free) implements LockManagerInterface {
            /** @var string[] */
            public array $calls = [];

            public function __construct(private bool $free)
            {
            }

            public function lock(string $name, int $timeout = -1): bool
            {
                $this->calls[] = "lock $name $timeout";
                return $this->free;
            }

            public function unlock(string $name): bool
            {
                $this->calls[] = "unlock $name";
                return true;
            }

            public function isLocked(string $name): bool
            {
                return !$this->free;
            }
        };
    }

    public function testFlushesBatchesUnderTheLockUntilNothingIsDue(): void
    {
        $store = new MemoryOutboxStore();
        $settings = new ArraySettings(batchSize: 2);
        $catalog = new EventCatalog();
        $recorder = new Recorder($store, $settings, new PayloadBuilder($catalog), $catalog, new Signer());
        foreach (range(1, 5) as $n) {
            $recorder->record('product_saved', ["SKU-$n"], null);
        }
        $transport = new ScriptedTransport([new Response(202)]);
        $sender = new Sender($store, $transport, $settings, new Signer(), new RetrySchedule(), new PayloadBuilder($catalog));
        $lock = $this->lock(true);

        $report = (new Flusher($sender, $settings, $lock))->flush(10);
        self::assertSame(5, $report->sent);
        self::assertCount(5, $transport->requests);
        self::assertSame(['lock plentygate_webhooks_flush 0', 'unlock plentygate_webhooks_flush'], $lock->calls);

        foreach (range(6, 9) as $n) {
            $recorder->record('product_saved', ["SKU-$n"], null);
        }
        self::assertSame(2, (new Flusher($sender, $settings, $this->lock(true)))->flush(1)->sent, 'at most the given batches');
    }

    public function testDoesNothingWhileAnotherFlushHoldsTheLock(): void
    {
        $transport = new ScriptedTransport([new Response(200)]);
        $settings = new ArraySettings();
        $sender = new Sender(new MemoryOutboxStore(), $transport, $settings, new Signer(), new RetrySchedule(), new PayloadBuilder(new EventCatalog()));
        $lock = $this->lock(false);
        self::assertNull((new Flusher($sender, $settings, $lock))->flush(10));
        self::assertSame(['lock plentygate_webhooks_flush 0'], $lock->calls);
    }
}
