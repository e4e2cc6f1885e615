<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model\Outbox;

use Plentygate\Webhooks\Model\Config\SettingsInterface;
use Plentygate\Webhooks\Model\EventCatalog;
use Plentygate\Webhooks\Model\PayloadBuilder;
use Plentygate\Webhooks\Model\Signer;

/**
 * Writes a webhook for a Magento change into the outbox. Observers call it from `*_save_after` and
 * `*_delete_after`, inside the save's database transaction: the row exists exactly when the change
 * was committed. Nothing is sent here, so a slow or absent plentygate never slows a checkout.
 */
class Recorder
{
    public function __construct(
        private readonly OutboxStoreInterface $store,
        private readonly SettingsInterface $settings,
        private readonly PayloadBuilder $payloads,
        private readonly EventCatalog $catalog,
        private readonly Signer $signer
    ) {
    }

    /** Whether a change of this kind would be recorded (lets observers skip work). */
    public function wants(string $eventCode): bool
    {
        return $this->settings->isEnabled() && $this->settings->isEventEnabled($eventCode);
    }

    /**
     * @param string[] $keys
     * @param array<string, scalar|null> $ids
     * @return bool whether a row was written (false: module or event switched off)
     * @throws \InvalidArgumentException when the event is unknown or has no key
     */
    public function record(
        string $eventCode,
        array $keys,
        ?string $storeCode,
        array $ids = [],
        ?\DateTimeImmutable $now = null
    ): bool {
        if (!$this->wants($eventCode)) {
            return false;
        }
        $now ??= new \DateTimeImmutable('now', new \DateTimeZone('UTC'));
        $event = $this->catalog->get($eventCode);
        $this->store->add(new OutboxMessage(
            null,
            $this->signer->newWebhookId(),
            $event['type'],
            $event['source'],
            $this->payloads->build($eventCode, $keys, $storeCode, $now, $ids),
            OutboxMessage::PENDING,
            0,
            $now,
            $now
        ));
        return true;
    }
}
