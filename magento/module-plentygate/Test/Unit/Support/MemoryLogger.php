<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit\Support;

use Psr\Log\LoggerInterface;

/** Keeps log lines as "level: message" (the stubbed PSR-3 subset the module uses). */
final class MemoryLogger implements LoggerInterface
{
    /** @var string[] */
    public array $lines = [];

    public function critical(string|\Stringable $message, array $context = []): void
    {
        $this->lines[] = 'critical: ' . $message;
    }

    public function error(string|\Stringable $message, array $context = []): void
    {
        $this->lines[] = 'error: ' . $message;
    }

    public function warning(string|\Stringable $message, array $context = []): void
    {
        $this->lines[] = 'warning: ' . $message;
    }

    public function info(string|\Stringable $message, array $context = []): void
    {
        $this->lines[] = 'info: ' . $message;
    }
}
