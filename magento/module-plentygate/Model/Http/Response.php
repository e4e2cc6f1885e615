<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Http;

/** An HTTP answer: status, the Retry-After header in seconds (if any) and the start of the body. */
final class Response
{
    public function __construct(
        public readonly int $status,
        public readonly ?int $retryAfterS = null,
        public readonly string $body = ''
    ) {
    }

    /** Retry-After as delay-seconds; an HTTP date is turned into seconds from now. */
    public static function parseRetryAfter(?string $value, ?\DateTimeImmutable $now = null): ?int
    {
        if ($value === null || trim($value) === '') {
            return null;
        }
        $value = trim($value);
        if (ctype_digit($value)) {
            return (int)$value;
        }
        $at = \DateTimeImmutable::createFromFormat(\DATE_RFC7231, $value);
        if ($at === false) {
            return null;
        }
        return max(0, $at->getTimestamp() - ($now ?? new \DateTimeImmutable())->getTimestamp());
    }
}
