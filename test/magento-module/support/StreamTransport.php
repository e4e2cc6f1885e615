<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Contract;

use Plentygate\Webhooks\Model\Http\Response;
use Plentygate\Webhooks\Model\Http\TransportException;
use Plentygate\Webhooks\Model\Http\TransportInterface;

/**
 * The module's transport port over PHP's own HTTP stream wrapper, so the contract test can drive the
 * module's Sender against the real gateway without Magento (the module itself posts with Magento's
 * cURL client, CurlTransport).
 */
final class StreamTransport implements TransportInterface
{
    public function post(string $url, array $headers, string $body, int $timeoutS): Response
    {
        $lines = [];
        foreach ($headers as $name => $value) {
            $lines[] = $name . ': ' . $value;
        }
        $context = stream_context_create(['http' => [
            'method' => 'POST',
            'header' => implode("\r\n", $lines),
            'content' => $body,
            'timeout' => $timeoutS,
            'ignore_errors' => true,
            'protocol_version' => 1.0,
        ]]);
        $answer = @file_get_contents($url, false, $context);
        $responseHeaders = $http_response_header ?? [];
        if ($answer === false || $responseHeaders === []) {
            throw new TransportException(error_get_last()['message'] ?? 'no answer');
        }
        preg_match('#^HTTP/\S+\s+(\d{3})#', $responseHeaders[0], $m);
        $retryAfter = null;
        foreach ($responseHeaders as $line) {
            if (stripos($line, 'retry-after:') === 0) {
                $retryAfter = Response::parseRetryAfter(trim(substr($line, 12)));
            }
        }
        return new Response((int)($m[1] ?? 0), $retryAfter, $answer);
    }
}
