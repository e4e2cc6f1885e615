<?php
/**
 * Drives the module's own classes against a running plentygate: records one webhook per event of the
 * module's catalog in an outbox (the in-memory outbox of the module's unit tests), flushes it with
 * the module's Sender and Signer, sends the admin test webhook, and prints what happened as JSON.
 *
 * php deliver.php <module dir> <gateway url> <secret>
 */
declare(strict_types=1);

use Plentygate\Webhooks\Model\EventCatalog;
use Plentygate\Webhooks\Model\Outbox\Recorder;
use Plentygate\Webhooks\Model\Outbox\Sender;
use Plentygate\Webhooks\Model\PayloadBuilder;
use Plentygate\Webhooks\Model\RetrySchedule;
use Plentygate\Webhooks\Model\Signer;
use Plentygate\Webhooks\Test\Contract\StreamTransport;
use Plentygate\Webhooks\Test\Unit\Support\ArraySettings;
use Plentygate\Webhooks\Test\Unit\Support\MemoryOutboxStore;

[, $moduleDir, $url, $secret] = $argv;
require $moduleDir . '/Test/Unit/bootstrap.php';
require __DIR__ . '/StreamTransport.php';

$catalog = new EventCatalog();
$payloads = new PayloadBuilder($catalog);
$signer = new Signer();
$store = new MemoryOutboxStore();
$settings = new ArraySettings(url: $url, secret: $secret);
$recorder = new Recorder($store, $settings, $payloads, $catalog, $signer);
foreach ($catalog->codes() as $code) {
    $recorder->record($code, ['key-' . $code], 'default');
}
$sender = new Sender($store, new StreamTransport(), $settings, $signer, new RetrySchedule(), $payloads);
$report = $sender->flush();
$rows = [];
foreach ($store->rows as $row) {
    $rows[] = [
        'code' => substr(json_decode($row->body, true)['data']['keys'][0], 4),
        'webhookId' => $row->webhookId,
        'type' => $row->eventType,
        'status' => $row->status,
        'attempts' => $row->attempts,
        'lastStatus' => $row->lastStatus,
    ];
}
echo json_encode([
    'report' => ['sent' => $report->sent, 'retried' => $report->retried, 'failed' => $report->failed, 'stopped' => $report->stopped],
    'rows' => $rows,
    'test' => $sender->sendTest(),
], JSON_PRETTY_PRINT), "\n";
