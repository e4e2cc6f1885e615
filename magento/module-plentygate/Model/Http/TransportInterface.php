<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Http;

/** Posts one webhook. Magento's implementation is CurlTransport (Magento's HTTP client). */
interface TransportInterface
{
    /**
     * @param array<string, string> $headers
     * @throws TransportException when no HTTP answer arrived (DNS, refused, TLS, timeout)
     */
    public function post(string $url, array $headers, string $body, int $timeoutS): Response;
}
