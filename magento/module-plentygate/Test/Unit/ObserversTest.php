<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit;

use Magento\Catalog\Model\ResourceModel\Product as ProductResource;
use Magento\Framework\DataObject;
use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Magento\Store\Model\StoreManagerInterface;
use PHPUnit\Framework\TestCase;
use Plentygate\Webhooks\Model\ChangeRecorder;
use Plentygate\Webhooks\Model\EventCatalog;
use Plentygate\Webhooks\Model\Outbox\OutboxMessage;
use Plentygate\Webhooks\Model\Outbox\Recorder;
use Plentygate\Webhooks\Model\PayloadBuilder;
use Plentygate\Webhooks\Model\Signer;
use Plentygate\Webhooks\Model\StoreCode;
use Plentygate\Webhooks\Observer\EntityChanged;
use Plentygate\Webhooks\Observer\OrderPlaced;
use Plentygate\Webhooks\Observer\OrderSaved;
use Plentygate\Webhooks\Observer\SalesDocumentSaved;
use Plentygate\Webhooks\Observer\StockItemSaved;
use Plentygate\Webhooks\Plugin\SourceItemsSavePlugin;
use Plentygate\Webhooks\Test\Unit\Support\ArraySettings;
use Plentygate\Webhooks\Test\Unit\Support\MemoryLogger;
use Plentygate\Webhooks\Test\Unit\Support\MemoryOutboxStore;

/**
 * The observers and the MSI plugin, fed the event data Magento dispatches (the model under the
 * event's data key), write the rows the catalog promises. Magento's own types are the stubs of
 * Stubs/magento.php; whether Magento dispatches inside the save transaction is not tested here.
 */
final class ObserversTest extends TestCase
{
    private MemoryOutboxStore $store;
    private ArraySettings $settings;
    private MemoryLogger $logger;
    private ChangeRecorder $changes;

    protected function setUp(): void
    {
        $this->store = new MemoryOutboxStore();
        $this->settings = new ArraySettings();
        $this->logger = new MemoryLogger();
        $catalog = new EventCatalog();
        $stores = new class implements StoreManagerInterface {
            public function getStore($storeId = null)
            {
                $codes = [0 => 'admin', 1 => 'default', 2 => 'de'];
                if (!isset($codes[$storeId])) {
                    throw new \RuntimeException("store $storeId does not exist");
                }
                return new DataObject(['code' => $codes[$storeId]]);
            }
        };
        $this->changes = new ChangeRecorder(
            new Recorder($this->store, $this->settings, new PayloadBuilder($catalog), $catalog, new Signer()),
            new StoreCode($stores),
            $this->logger
        );
    }

    private function dispatch(ObserverInterface $observer, array $data): void
    {
        $observer->execute(new Observer(['event' => new Event($data)]));
    }

    /** @return array<int, array{type: string, data: array<string, mixed>}> */
    private function sent(): array
    {
        return array_values(array_map(function (OutboxMessage $m) {
            $body = json_decode($m->body, true);
            return ['type' => $body['type'], 'data' => $body['data']];
        }, $this->store->rows));
    }

    public function testAPlacedOrderIsAnnouncedOnceBySaveAfterPlacingThenSaved(): void
    {
        $order = new DataObject(['id' => '42', 'increment_id' => '000000042', 'store_id' => '2']);
        $placed = new OrderPlaced();
        $saved = new OrderSaved($this->changes);

        $this->dispatch($placed, ['order' => $order]);
        self::assertSame([], $this->store->rows, 'nothing is recorded before the order is saved');
        $this->dispatch($saved, ['order' => $order]);
        $this->dispatch($saved, ['order' => $order]);

        self::assertSame([
            ['type' => 'order.placed', 'data' => ['keys' => ['000000042'], 'observer' => 'sales_order_place_after', 'store' => 'de', 'entity_id' => '42']],
            ['type' => 'order.saved', 'data' => ['keys' => ['000000042'], 'observer' => 'sales_order_save_after', 'store' => 'de', 'entity_id' => '42']],
        ], $this->sent());
    }

    public function testWithOrderPlacedSwitchedOffTheFirstSaveIsAnOrderSave(): void
    {
        $this->settings->events = ['order_saved'];
        $order = new DataObject(['id' => '1', 'increment_id' => '000000001', 'store_id' => '1']);
        $this->dispatch(new OrderPlaced(), ['order' => $order]);
        $this->dispatch(new OrderSaved($this->changes), ['order' => $order]);
        self::assertSame(['order.saved'], array_column($this->sent(), 'type'));
    }

    public function testInvoicesShipmentsAndCreditMemosNameTheirOrder(): void
    {
        $order = new DataObject(['increment_id' => '000000007', 'store_id' => '1']);
        foreach (['invoice_saved' => 'invoice', 'shipment_saved' => 'shipment', 'creditmemo_saved' => 'creditmemo'] as $code => $key) {
            $this->dispatch(new SalesDocumentSaved($this->changes, $code, $key), [$key => new DataObject(['id' => '9', 'order' => $order])]);
        }
        self::assertSame([
            ['type' => 'order.saved', 'data' => ['keys' => ['000000007'], 'observer' => 'sales_order_invoice_save_after', 'store' => 'default', 'invoice_id' => '9']],
            ['type' => 'shipment.saved', 'data' => ['keys' => ['000000007'], 'observer' => 'sales_order_shipment_save_after', 'store' => 'default', 'shipment_id' => '9']],
            ['type' => 'order.saved', 'data' => ['keys' => ['000000007'], 'observer' => 'sales_order_creditmemo_save_after', 'store' => 'default', 'creditmemo_id' => '9']],
        ], $this->sent());
    }

    public function testProductsByskuCategoriesAndCustomersById(): void
    {
        $product = new DataObject(['id' => '5', 'sku' => 'Pr-1', 'store_id' => '0']);
        $this->dispatch(new EntityChanged($this->changes, 'product_saved', 'product', 'sku', true), ['product' => $product]);
        $this->dispatch(new EntityChanged($this->changes, 'product_deleted', 'product', 'sku', false), ['product' => $product]);
        $this->dispatch(new EntityChanged($this->changes, 'category_saved', 'category', 'id', true), ['category' => new DataObject(['id' => '12', 'store_id' => '2'])]);
        $this->dispatch(new EntityChanged($this->changes, 'customer_deleted', 'customer', 'id', false), ['customer' => new DataObject(['id' => '77'])]);
        self::assertSame([
            ['type' => 'product.saved', 'data' => ['keys' => ['Pr-1'], 'observer' => 'catalog_product_save_after', 'store' => 'admin', 'entity_id' => '5']],
            ['type' => 'product.deleted', 'data' => ['keys' => ['Pr-1'], 'observer' => 'catalog_product_delete_after', 'entity_id' => '5']],
            ['type' => 'category.saved', 'data' => ['keys' => ['12'], 'observer' => 'catalog_category_save_after', 'store' => 'de']],
            ['type' => 'customer.deleted', 'data' => ['keys' => ['77'], 'observer' => 'customer_delete_after']],
        ], $this->sent());
    }

    public function testALegacyStockItemIsNamedBySkuLookedUpFromItsProductId(): void
    {
        $observer = new StockItemSaved($this->changes, new ProductResource([31 => 'SKU-31']));
        $this->dispatch($observer, ['item' => new DataObject(['product_id' => '31', 'qty' => 4])]);
        self::assertSame([
            ['type' => 'stock.saved', 'data' => ['keys' => ['SKU-31'], 'observer' => 'cataloginventory_stock_item_save_after', 'product_id' => '31']],
        ], $this->sent());
    }

    public function testMsiSourceItemsAreRecordedOncePerSku(): void
    {
        $items = [
            new DataObject(['sku' => 'A', 'source_code' => 'default']),
            new DataObject(['sku' => 'A', 'source_code' => 'berlin']),
            new DataObject(['sku' => 'B', 'source_code' => 'default']),
        ];
        $result = (new SourceItemsSavePlugin($this->changes))->afterExecute(new \stdClass(), null, $items);
        self::assertNull($result);
        self::assertSame([
            ['type' => 'stock.saved', 'data' => ['keys' => ['A'], 'observer' => 'Magento\InventoryApi\Api\SourceItemsSaveInterface::execute', 'source_code' => 'default,berlin']],
            ['type' => 'stock.saved', 'data' => ['keys' => ['B'], 'observer' => 'Magento\InventoryApi\Api\SourceItemsSaveInterface::execute', 'source_code' => 'default']],
        ], $this->sent());
    }

    public function testNothingIsRecordedWhenDisabledOrSwitchedOff(): void
    {
        $this->settings->events = ['order_saved'];
        $this->dispatch(new EntityChanged($this->changes, 'product_saved', 'product', 'sku', true), ['product' => new DataObject(['sku' => 'X'])]);
        $this->settings->enabled = false;
        $this->dispatch(new OrderSaved($this->changes), ['order' => new DataObject(['increment_id' => '1'])]);
        self::assertSame([], $this->store->rows);
    }

    public function testARecordingFailureIsLoggedAndNeverFailsTheSave(): void
    {
        // A product without SKU cannot be named: logged, the save goes on.
        $this->dispatch(new EntityChanged($this->changes, 'product_saved', 'product', 'sku', true), ['product' => new DataObject(['id' => '3', 'store_id' => '99'])]);
        self::assertSame([], $this->store->rows);
        self::assertCount(1, $this->logger->lines);
        self::assertStringStartsWith('critical: plentygate webhooks: could not record product_saved for (no key)', $this->logger->lines[0]);
        self::assertStringNotContainsString($this->settings->secret, $this->logger->lines[0]);
    }
}
