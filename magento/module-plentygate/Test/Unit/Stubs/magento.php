<?php
/**
 * The few Magento (and PSR) types the module's Magento-bound classes touch, reduced to the methods
 * they call, so the observers, plugin, settings and flusher run in PHPUnit without a Magento install.
 * Each is declared only when the real one is not loaded. Signatures follow Magento 2.4.
 */
declare(strict_types=1);

namespace Psr\Log {
    if (!interface_exists(LoggerInterface::class)) {
        interface LoggerInterface
        {
            public function critical(string|\Stringable $message, array $context = []): void;
            public function error(string|\Stringable $message, array $context = []): void;
            public function warning(string|\Stringable $message, array $context = []): void;
            public function info(string|\Stringable $message, array $context = []): void;
        }
    }
}

namespace Magento\Framework {
    if (!class_exists(DataObject::class)) {
        /** Magento's DataObject: an array with magic get/set/uns/has accessors (camelCase → snake_case). */
        class DataObject
        {
            public function __construct(protected array $_data = [])
            {
            }

            public function getData(string $key = '', $index = null)
            {
                return $key === '' ? $this->_data : ($this->_data[$key] ?? null);
            }

            public function setData($key, $value = null)
            {
                $this->_data[$key] = $value;
                return $this;
            }

            public function unsetData($key = null)
            {
                unset($this->_data[$key]);
                return $this;
            }

            public function __call(string $method, array $args)
            {
                $key = strtolower(preg_replace('/(.)([A-Z])/', '$1_$2', substr($method, 3)));
                return match (substr($method, 0, 3)) {
                    'get' => $this->getData($key),
                    'set' => $this->setData($key, $args[0] ?? null),
                    'uns' => $this->unsetData($key),
                    'has' => array_key_exists($key, $this->_data),
                };
            }
        }
    }
    if (!class_exists(Event::class)) {
        class Event extends DataObject
        {
        }
    }
}

namespace Magento\Framework\Event {
    use Magento\Framework\DataObject;

    if (!interface_exists(ObserverInterface::class)) {
        interface ObserverInterface
        {
            public function execute(Observer $observer);
        }
    }
    if (!class_exists(Observer::class)) {
        class Observer extends DataObject
        {
            public function getEvent()
            {
                return $this->getData('event');
            }
        }
    }
}

namespace Magento\Framework\App\Config {
    if (!interface_exists(ScopeConfigInterface::class)) {
        interface ScopeConfigInterface
        {
            public const SCOPE_TYPE_DEFAULT = 'default';
            public function getValue($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null);
            public function isSetFlag($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null);
        }
    }
}

namespace Magento\Framework\Encryption {
    if (!interface_exists(EncryptorInterface::class)) {
        interface EncryptorInterface
        {
            public function decrypt($data);
        }
    }
}

namespace Magento\Framework\Lock {
    if (!interface_exists(LockManagerInterface::class)) {
        interface LockManagerInterface
        {
            public function lock(string $name, int $timeout = -1): bool;
            public function unlock(string $name): bool;
            public function isLocked(string $name): bool;
        }
    }
}

namespace Magento\Store\Model {
    if (!interface_exists(StoreManagerInterface::class)) {
        interface StoreManagerInterface
        {
            public function getStore($storeId = null);
        }
    }
}

namespace Magento\Catalog\Model\ResourceModel {
    if (!class_exists(Product::class)) {
        /** The catalog product resource; only getProductsSku() (entity_id => sku rows) is used. */
        class Product
        {
            /** @param array<int, string> $skus entity id => SKU */
            public function __construct(private array $skus = [])
            {
            }

            public function getProductsSku(array $productIds)
            {
                $rows = [];
                foreach ($productIds as $id) {
                    if (isset($this->skus[$id])) {
                        $rows[] = ['entity_id' => (string)$id, 'sku' => $this->skus[$id]];
                    }
                }
                return $rows;
            }
        }
    }
}
