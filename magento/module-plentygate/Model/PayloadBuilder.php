<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model;

/**
 * The body plentygate's gateway expects from an observer module:
 *   {"type":"order.saved","timestamp":"2026-01-31T12:00:00Z",
 *    "data":{"keys":["000000123"],"observer":"sales_order_save_after","store":"default"}}
 * It names the entity and its keys only: plentygate fetches the current state from Magento's API,
 * so nothing personal travels in the webhook and a late retry never carries stale data.
 */
final class PayloadBuilder
{
    public function __construct(private readonly EventCatalog $catalog)
    {
    }

    /**
     * @param string[] $keys the entity keys (order increment id, SKU, category or customer id)
     * @param array<string, scalar|null> $ids further identifiers (e.g. entity_id, source_code)
     * @throws \InvalidArgumentException when the event is unknown or no key is given
     */
    public function build(
        string $eventCode,
        array $keys,
        ?string $storeCode,
        \DateTimeInterface $occurredAt,
        array $ids = []
    ): string {
        $event = $this->catalog->get($eventCode);
        $keys = $this->cleanKeys($keys);
        if ($keys === []) {
            throw new \InvalidArgumentException(sprintf(
                'A "%s" webhook needs at least one entity key (got none): the entity was not saved yet?',
                $eventCode
            ));
        }
        $data = ['keys' => $keys, 'observer' => $event['source']];
        if ($storeCode !== null && $storeCode !== '') {
            $data['store'] = $storeCode;
        }
        foreach ($ids as $name => $value) {
            if ($value !== null && $value !== '' && !isset($data[$name])) {
                $data[$name] = $value;
            }
        }
        return $this->encode(['type' => $event['type'], 'timestamp' => $this->utc($occurredAt), 'data' => $data]);
    }

    /** A webhook plentygate authenticates and answers, but does not act on. */
    public function buildTest(\DateTimeInterface $occurredAt): string
    {
        return $this->encode([
            'type' => EventCatalog::TEST_TYPE,
            'timestamp' => $this->utc($occurredAt),
            'data' => ['keys' => [], 'observer' => 'admin_test_button'],
        ]);
    }

    /**
     * @param array<mixed> $keys
     * @return string[] distinct non-empty keys as strings, in their first order
     */
    private function cleanKeys(array $keys): array
    {
        $clean = [];
        foreach ($keys as $key) {
            if (is_int($key) || (is_string($key) && trim($key) !== '')) {
                $clean[(string)$key] = true;
            }
        }
        return array_map('strval', array_keys($clean));
    }

    private function utc(\DateTimeInterface $at): string
    {
        return \DateTimeImmutable::createFromInterface($at)
            ->setTimezone(new \DateTimeZone('UTC'))
            ->format('Y-m-d\TH:i:s\Z');
    }

    /** @param array<string, mixed> $payload */
    private function encode(array $payload): string
    {
        return json_encode($payload, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    }
}
