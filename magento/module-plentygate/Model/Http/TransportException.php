<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Http;

/** No HTTP answer from plentygate (the message says why); the delivery is retried. */
final class TransportException extends \RuntimeException
{
}
