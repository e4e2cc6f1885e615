<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model;

/**
 * What a gateway answer means for the outbox row. 2xx: delivered (accepted, duplicate or ignored
 * alike). 400/413/415/422: plentygate will never accept this body, retrying cannot help. Everything
 * else, including 401 (a secret being rotated or fixed in the admin), 404, 429, 5xx and network
 * errors: retried with backoff, so a plentygate that is down or misconfigured delays webhooks
 * without losing them.
 */
final class DeliveryOutcome
{
    public const SENT = 'sent';
    public const RETRY = 'retry';
    public const REJECTED = 'rejected';

    private const NEVER_ACCEPTED = [400, 413, 415, 422];

    public static function ofStatus(int $status): string
    {
        if ($status >= 200 && $status < 300) {
            return self::SENT;
        }
        return in_array($status, self::NEVER_ACCEPTED, true) ? self::REJECTED : self::RETRY;
    }
}
