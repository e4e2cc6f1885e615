<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Outbox;

/** What one flush did, for the cron log and `bin/magento plentygate:webhooks:flush`. */
final class FlushReport
{
    public int $sent = 0;
    public int $retried = 0;
    public int $failed = 0;
    /** Why nothing was sent at all (not configured); null when the flush ran. */
    public ?string $skipped = null;
    /** Whether the flush stopped early because plentygate did not answer (the rest waits). */
    public bool $stopped = false;
    /** @var string[] one line per failed or retried delivery */
    public array $errors = [];

    public function attempted(): int
    {
        return $this->sent + $this->retried + $this->failed;
    }

    public function merge(self $other): void
    {
        $this->sent += $other->sent;
        $this->retried += $other->retried;
        $this->failed += $other->failed;
        $this->skipped ??= $other->skipped;
        $this->stopped = $this->stopped || $other->stopped;
        array_push($this->errors, ...$other->errors);
    }
}
