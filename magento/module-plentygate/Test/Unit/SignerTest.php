<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit;

use PHPUnit\Framework\TestCase;
use Plentygate\Webhooks\Model\Signer;

final class SignerTest extends TestCase
{
    private const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

    public function testSignsTheStandardWebhooksReferenceVector(): void
    {
        // The example of the Standard Webhooks specification (standardwebhooks.com).
        $headers = (new Signer())->headers('msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}', [self::SECRET]);
        self::assertSame([
            'webhook-id' => 'msg_p5jXN8AQM9LWM0D4loKWxJek',
            'webhook-timestamp' => '1614265330',
            'webhook-signature' => 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
        ], $headers);
    }

    public function testSignsWithEverySecretWhileRotating(): void
    {
        $other = 'whsec_' . base64_encode(str_repeat("\x07", 32));
        $signer = new Signer();
        $both = $signer->headers('msg_1', 1700000000, '{}', [self::SECRET, $other])['webhook-signature'];
        $first = $signer->headers('msg_1', 1700000000, '{}', [self::SECRET])['webhook-signature'];
        $second = $signer->headers('msg_1', 1700000000, '{}', [$other])['webhook-signature'];
        self::assertSame($first . ' ' . $second, $both);
        self::assertNotSame($first, $second);
    }

    public function testTheSignatureCoversIdTimestampAndBody(): void
    {
        $signer = new Signer();
        $base = $signer->headers('msg_1', 1700000000, '{"a":1}', [self::SECRET])['webhook-signature'];
        self::assertNotSame($base, $signer->headers('msg_2', 1700000000, '{"a":1}', [self::SECRET])['webhook-signature']);
        self::assertNotSame($base, $signer->headers('msg_1', 1700000001, '{"a":1}', [self::SECRET])['webhook-signature']);
        self::assertNotSame($base, $signer->headers('msg_1', 1700000000, '{"a":2}', [self::SECRET])['webhook-signature']);
    }

    public function testParsesOneOrSeveralSecretsAndRejectsMalformedOnesWithoutEchoingThem(): void
    {
        $signer = new Signer();
        $other = 'whsec_' . base64_encode(random_bytes(24));
        self::assertSame([self::SECRET], $signer->parseSecrets('  ' . self::SECRET . "\n"));
        self::assertSame([self::SECRET, $other], $signer->parseSecrets(self::SECRET . ', ' . $other));
        self::assertSame([], $signer->parseSecrets(''));
        try {
            $signer->parseSecrets(self::SECRET . ' whsec_not-base64!');
            self::fail('a malformed secret was accepted');
        } catch (\InvalidArgumentException $e) {
            self::assertStringContainsString('#2', $e->getMessage());
            self::assertStringNotContainsString('not-base64', $e->getMessage());
        }
        $this->expectException(\InvalidArgumentException::class);
        $signer->parseSecrets('whsec_' . base64_encode('short'));
    }

    public function testRefusesToSignWithoutASecret(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        (new Signer())->headers('msg_1', 1, '{}', []);
    }

    public function testWebhookIdsAreUnique(): void
    {
        $signer = new Signer();
        $ids = array_map(fn () => $signer->newWebhookId(), range(1, 100));
        self::assertCount(100, array_unique($ids));
        self::assertMatchesRegularExpression('/^msg_[0-9a-f]{32}$/', $ids[0]);
    }
}
