<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model;

/**
 * When to try a failed delivery again: exponential backoff (1, 2, 4, 8 … minutes) capped at six hours,
 * or later when plentygate asked for it (Retry-After on 429/503). With the default 15 attempts a
 * webhook keeps being retried for about 38 hours before it is marked failed; a failed row stays in the
 * outbox until `bin/magento plentygate:webhooks:flush --retry-failed` sends it again.
 */
final class RetrySchedule
{
    public const BASE_DELAY_S = 60;
    public const MAX_DELAY_S = 21600;

    public function __construct(
        private readonly int $baseDelayS = self::BASE_DELAY_S,
        private readonly int $maxDelayS = self::MAX_DELAY_S
    ) {
    }

    /** Seconds to wait after the given failed attempt (1 = the first delivery failed). */
    public function delayAfter(int $failedAttempts, ?int $retryAfterS = null): int
    {
        $exponent = max(0, min($failedAttempts - 1, 30));
        $delay = (int)min($this->maxDelayS, $this->baseDelayS * (2 ** $exponent));
        if ($retryAfterS !== null && $retryAfterS > $delay) {
            $delay = min($retryAfterS, $this->maxDelayS);
        }
        return $delay;
    }

    public function nextAttemptAt(
        int $failedAttempts,
        \DateTimeImmutable $now,
        ?int $retryAfterS = null
    ): \DateTimeImmutable {
        return $now->modify(sprintf('+%d seconds', $this->delayAfter($failedAttempts, $retryAfterS)));
    }

    public function isExhausted(int $failedAttempts, int $maxAttempts): bool
    {
        return $failedAttempts >= $maxAttempts;
    }
}
