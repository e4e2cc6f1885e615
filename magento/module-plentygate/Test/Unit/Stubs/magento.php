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

namespace Magento\Framework {
    if (!class_exists(Phrase::class)) {
        /** A translatable text with `%1`… placeholders, rendered untranslated. */
        class Phrase implements \Stringable
        {
            public function __construct(private string $text, private array $arguments = [])
            {
            }

            public function render(): string
            {
                $out = $this->text;
                foreach ($this->arguments as $i => $value) {
                    $out = str_replace('%' . ($i + 1), (string) $value, $out);
                }
                return $out;
            }

            public function __toString(): string
            {
                return $this->render();
            }
        }
    }
}

namespace Magento\Framework\Exception {
    if (!class_exists(LocalizedException::class)) {
        class LocalizedException extends \Exception
        {
            public function __construct(\Magento\Framework\Phrase $phrase, ?\Exception $cause = null, int $code = 0)
            {
                parent::__construct($phrase->render(), $code, $cause);
            }
        }
    }
    if (!class_exists(InputException::class)) {
        class InputException extends LocalizedException
        {
        }
    }
}

namespace Magento\Framework\HTTP {
    if (!interface_exists(ClientInterface::class)) {
        interface ClientInterface
        {
            public function setTimeout($value);
            public function get($uri);
            public function getStatus();
            public function getBody();
            public function getHeaders();
        }
    }
}

namespace Magento\Framework\Api\Data {
    if (!interface_exists(ImageContentInterface::class)) {
        interface ImageContentInterface
        {
            public function setBase64EncodedData($data);
            public function setType($mimeType);
            public function setName($name);
        }
    }
    if (!class_exists(ImageContentInterfaceFactory::class)) {
        /** Magento generates the factory; here it makes DataObject-backed contents. */
        class ImageContentInterfaceFactory
        {
            public function create(array $data = []): ImageContentInterface
            {
                return new class ($data) extends \Magento\Framework\DataObject implements ImageContentInterface {
                    public function setBase64EncodedData($data)
                    {
                        return $this->setData('base64_encoded_data', $data);
                    }

                    public function setType($mimeType)
                    {
                        return $this->setData('type', $mimeType);
                    }

                    public function setName($name)
                    {
                        return $this->setData('name', $name);
                    }
                };
            }
        }
    }
}

namespace Magento\Catalog\Api\Data {
    if (!interface_exists(ProductAttributeMediaGalleryEntryInterface::class)) {
        interface ProductAttributeMediaGalleryEntryInterface
        {
            public function getContent();
            public function setContent($content);
        }
    }
}

namespace Magento\Catalog\Api {
    if (!interface_exists(ProductAttributeMediaGalleryManagementInterface::class)) {
        interface ProductAttributeMediaGalleryManagementInterface
        {
            public function create($sku, \Magento\Catalog\Api\Data\ProductAttributeMediaGalleryEntryInterface $entry);
        }
    }
}

namespace {
    if (!function_exists('__')) {
        function __(string $text, ...$arguments): \Magento\Framework\Phrase
        {
            return new \Magento\Framework\Phrase($text, $arguments);
        }
    }
}
