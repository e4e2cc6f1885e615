<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Http;

use Magento\Framework\HTTP\Client\CurlFactory;

/** Posts webhooks with Magento's cURL client (a fresh client per request: headers do not leak). */
class CurlTransport implements TransportInterface
{
    public function __construct(private readonly CurlFactory $curlFactory)
    {
    }

    public function post(string $url, array $headers, string $body, int $timeoutS): Response
    {
        $client = $this->curlFactory->create();
        // No "Expect: 100-continue": the client would read the interim 100 line as the status.
        $client->setHeaders($headers + ['Expect' => '']);
        $client->setTimeout($timeoutS);
        $client->setOption(CURLOPT_CONNECTTIMEOUT, min($timeoutS, 5));
        try {
            $client->post($url, $body);
        } catch (\Exception $e) {
            throw new TransportException($e->getMessage(), 0, $e);
        }
        $retryAfter = null;
        foreach ($client->getHeaders() as $name => $value) {
            if (is_string($name) && strtolower($name) === 'retry-after' && is_string($value)) {
                $retryAfter = Response::parseRetryAfter($value);
            }
        }
        return new Response((int)$client->getStatus(), $retryAfter, mb_substr((string)$client->getBody(), 0, 2000));
    }
}
