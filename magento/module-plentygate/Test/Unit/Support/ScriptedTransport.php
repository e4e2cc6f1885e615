<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit\Support;

use Plentygate\Webhooks\Model\Http\Response;
use Plentygate\Webhooks\Model\Http\TransportException;
use Plentygate\Webhooks\Model\Http\TransportInterface;

/**
 * A plentygate stand-in for the sender's unit tests: answers from a script (a Response, or an
 * exception message for "no answer") and records every request. The real gateway is exercised by the
 * contract test in test/magento-module/ of the plentygate repository.
 */
final class ScriptedTransport implements TransportInterface
{
    /** @var array<int, array{url: string, headers: array<string, string>, body: string, timeout: int}> */
    public array $requests = [];

    /** @param array<int, Response|string> $answers consumed in order; the last one repeats */
    public function __construct(private array $answers)
    {
    }

    public function post(string $url, array $headers, string $body, int $timeoutS): Response
    {
        $this->requests[] = ['url' => $url, 'headers' => $headers, 'body' => $body, 'timeout' => $timeoutS];
        $answer = count($this->answers) > 1 ? array_shift($this->answers) : $this->answers[0];
        if (is_string($answer)) {
            throw new TransportException($answer);
        }
        return $answer;
    }
}
