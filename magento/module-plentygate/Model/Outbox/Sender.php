<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Outbox;

use Plentygate\Webhooks\Model\Config\SettingsInterface;
use Plentygate\Webhooks\Model\DeliveryOutcome;
use Plentygate\Webhooks\Model\Http\Response;
use Plentygate\Webhooks\Model\Http\TransportException;
use Plentygate\Webhooks\Model\Http\TransportInterface;
use Plentygate\Webhooks\Model\PayloadBuilder;
use Plentygate\Webhooks\Model\RetrySchedule;
use Plentygate\Webhooks\Model\Signer;

/**
 * Delivers due outbox rows to plentygate, signed at send time (plentygate refuses timestamps more than
 * five minutes off), and records each outcome: sent, retried later, or failed. A row whose delivery
 * fails never blocks the rows behind it.
 */
class Sender
{
    public function __construct(
        private readonly OutboxStoreInterface $store,
        private readonly TransportInterface $transport,
        private readonly SettingsInterface $settings,
        private readonly Signer $signer,
        private readonly RetrySchedule $schedule,
        private readonly PayloadBuilder $payloads
    ) {
    }

    /**
     * Sends up to `limit` due rows (the configured batch size when null). Each row is signed and
     * timed when it is sent; `$now` freezes the clock (tests). When plentygate does not answer at all,
     * the flush stops: the rest of the batch would wait for the same timeout, and stays due for the
     * next run without spending an attempt.
     */
    public function flush(?int $limit = null, ?\DateTimeImmutable $now = null): FlushReport
    {
        $report = new FlushReport();
        $target = $this->target();
        if (is_string($target)) {
            // Rows stay pending: configuring the URL and secret later sends them.
            $report->skipped = $target;
            return $report;
        }
        [$url, $secrets] = $target;
        $clock = fn (): \DateTimeImmutable => $now ?? new \DateTimeImmutable('now', new \DateTimeZone('UTC'));
        foreach ($this->store->due($clock(), $limit ?? $this->settings->batchSize()) as $message) {
            if (!$this->deliver($message, $url, $secrets, $clock(), $report)) {
                $report->stopped = true;
                break;
            }
        }
        return $report;
    }

    /**
     * Sends one test webhook now (the admin button), outside the outbox.
     *
     * @return array{ok: bool, status: ?int, message: string}
     */
    public function sendTest(?\DateTimeImmutable $now = null): array
    {
        $now ??= new \DateTimeImmutable('now', new \DateTimeZone('UTC'));
        $target = $this->target();
        if (is_string($target)) {
            return ['ok' => false, 'status' => null, 'message' => $target];
        }
        [$url, $secrets] = $target;
        $body = $this->payloads->buildTest($now);
        $headers = $this->signer->headers($this->signer->newWebhookId(), $now->getTimestamp(), $body, $secrets);
        try {
            $response = $this->transport->post($url, $headers + ['content-type' => 'application/json'], $body, $this->settings->timeoutS());
        } catch (TransportException $e) {
            return ['ok' => false, 'status' => null, 'message' => 'plentygate did not answer: ' . $e->getMessage()];
        }
        if (DeliveryOutcome::ofStatus($response->status) === DeliveryOutcome::SENT) {
            return ['ok' => true, 'status' => $response->status, 'message' => 'plentygate accepted the signed test webhook.'];
        }
        $hint = match ($response->status) {
            401 => 'the secret does not match plentygate\'s MAGENTO_WEBHOOK_SECRET',
            404 => 'the URL is not plentygate\'s webhook endpoint (…/webhooks/magento)',
            default => 'see plentygate\'s log',
        };
        return ['ok' => false, 'status' => $response->status, 'message' => sprintf('plentygate answered HTTP %d: %s.', $response->status, $hint)];
    }

    /** @return array{0: string, 1: string[]}|string the URL and secrets, or why sending is not possible */
    private function target(): array|string
    {
        if (!$this->settings->isEnabled()) {
            return 'plentygate webhooks are disabled in the configuration.';
        }
        $url = trim($this->settings->gatewayUrl());
        if ($url === '' || !preg_match('#^https?://#i', $url)) {
            return 'No plentygate gateway URL configured (http(s)://…/webhooks/magento).';
        }
        try {
            $secrets = $this->signer->parseSecrets($this->settings->secret());
        } catch (\InvalidArgumentException $e) {
            return $e->getMessage();
        }
        if ($secrets === []) {
            return 'No plentygate webhook secret configured.';
        }
        return [$url, $secrets];
    }

    /**
     * @param string[] $secrets
     * @return bool false when plentygate did not answer at all
     */
    private function deliver(OutboxMessage $message, string $url, array $secrets, \DateTimeImmutable $now, FlushReport $report): bool
    {
        $attempts = $message->attempts + 1;
        $headers = $this->signer->headers($message->webhookId, $now->getTimestamp(), $message->body, $secrets)
            + ['content-type' => 'application/json'];
        $response = null;
        $answered = true;
        try {
            $response = $this->transport->post($url, $headers, $message->body, $this->settings->timeoutS());
            $outcome = DeliveryOutcome::ofStatus($response->status);
            $error = sprintf('HTTP %d %s', $response->status, $this->excerpt($response));
        } catch (TransportException $e) {
            $outcome = DeliveryOutcome::RETRY;
            $error = 'no answer: ' . $e->getMessage();
            $answered = false;
        }
        $id = (int)$message->id;
        if ($outcome === DeliveryOutcome::SENT) {
            $this->store->markSent($id, $attempts, $now, $response->status);
            $report->sent++;
            return true;
        }
        $report->errors[] = sprintf('%s (%s): %s', $message->webhookId, $message->eventType, $error);
        if ($outcome === DeliveryOutcome::REJECTED
            || $this->schedule->isExhausted($attempts, $this->settings->maxAttempts())) {
            $this->store->markFailed($id, $attempts, $now, $response?->status, $error);
            $report->failed++;
            return $answered;
        }
        $next = $this->schedule->nextAttemptAt($attempts, $now, $response?->retryAfterS);
        $this->store->markRetry($id, $attempts, $now, $next, $response?->status, $error);
        $report->retried++;
        return $answered;
    }

    private function excerpt(Response $response): string
    {
        $text = trim(preg_replace('/\s+/', ' ', $response->body) ?? '');
        return mb_substr($text, 0, 300);
    }
}
