<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit;

use PHPUnit\Framework\TestCase;
use Plentygate\Webhooks\Model\DeliveryOutcome;
use Plentygate\Webhooks\Model\Http\Response;
use Plentygate\Webhooks\Model\RetrySchedule;

final class RetryScheduleTest extends TestCase
{
    public function testBacksOffExponentiallyFromOneMinuteToSixHours(): void
    {
        $schedule = new RetrySchedule();
        $delays = array_map(fn (int $n) => $schedule->delayAfter($n), range(1, 14));
        self::assertSame([60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600, 21600, 21600, 21600], $delays);
    }

    public function testFifteenAttemptsSpanAboutThirtyEightHours(): void
    {
        $schedule = new RetrySchedule();
        // 14 waits between 15 attempts.
        $total = array_sum(array_map(fn (int $n) => $schedule->delayAfter($n), range(1, 14)));
        self::assertSame(138660, $total);
        self::assertEqualsWithDelta(38.5, $total / 3600, 0.1);
    }

    public function testHonoursALongerRetryAfterButNeverBeyondTheCap(): void
    {
        $schedule = new RetrySchedule();
        self::assertSame(600, $schedule->delayAfter(1, 600));
        self::assertSame(120, $schedule->delayAfter(2, 5));
        self::assertSame(21600, $schedule->delayAfter(1, 999999));
    }

    public function testNextAttemptIsNowPlusTheDelay(): void
    {
        $now = new \DateTimeImmutable('2026-01-01T00:00:00Z');
        self::assertSame('2026-01-01T00:04:00+00:00', (new RetrySchedule())->nextAttemptAt(3, $now)->format(DATE_ATOM));
    }

    public function testIsExhaustedAtTheConfiguredAttempts(): void
    {
        $schedule = new RetrySchedule();
        self::assertFalse($schedule->isExhausted(14, 15));
        self::assertTrue($schedule->isExhausted(15, 15));
    }

    public function testClassifiesGatewayAnswers(): void
    {
        foreach ([200, 202, 204] as $status) {
            self::assertSame(DeliveryOutcome::SENT, DeliveryOutcome::ofStatus($status));
        }
        foreach ([400, 413, 415, 422] as $status) {
            self::assertSame(DeliveryOutcome::REJECTED, DeliveryOutcome::ofStatus($status));
        }
        foreach ([301, 401, 403, 404, 408, 429, 500, 502, 503] as $status) {
            self::assertSame(DeliveryOutcome::RETRY, DeliveryOutcome::ofStatus($status), (string)$status);
        }
    }

    public function testParsesRetryAfterSecondsAndDates(): void
    {
        $now = new \DateTimeImmutable('2026-01-01T00:00:00Z');
        self::assertSame(30, Response::parseRetryAfter('30', $now));
        self::assertSame(90, Response::parseRetryAfter('Thu, 01 Jan 2026 00:01:30 GMT', $now));
        self::assertNull(Response::parseRetryAfter('soon', $now));
        self::assertNull(Response::parseRetryAfter(null, $now));
    }
}
