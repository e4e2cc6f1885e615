<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Model;

use Magento\Catalog\Api\Data\ProductAttributeMediaGalleryEntryInterface;
use Magento\Catalog\Api\ProductAttributeMediaGalleryManagementInterface;
use Magento\Framework\Api\Data\ImageContentInterfaceFactory;
use Magento\Framework\Exception\InputException;
use Magento\Framework\HTTP\ClientInterface;
use Plentygate\Webhooks\Api\ProductMediaFromUrlInterface;

/**
 * Downloads an image (http or https only, at most 20 MB, 30 s) and hands it to Magento's own gallery
 * management as base64 content, so the entry is checked and stored exactly as an upload through
 * `POST /V1/products/{sku}/media` would be. A refused download is an InputException (HTTP 400) naming
 * the URL and the status, so the caller can fail the record with a readable reason.
 */
final class ProductMediaFromUrl implements ProductMediaFromUrlInterface
{
    private const TYPES = ['image/jpeg', 'image/jpg', 'image/png', 'image/gif'];
    private const MAX_BYTES = 20 * 1024 * 1024;

    public function __construct(
        private readonly ClientInterface $http,
        private readonly ImageContentInterfaceFactory $contents,
        private readonly ProductAttributeMediaGalleryManagementInterface $gallery
    ) {
    }

    public function create(string $sku, ProductAttributeMediaGalleryEntryInterface $entry, string $url, string $name): int
    {
        $scheme = strtolower((string) parse_url($url, PHP_URL_SCHEME));
        if (!in_array($scheme, ['http', 'https'], true)) {
            throw new InputException(__('The image URL "%1" is not an http or https URL.', $url));
        }
        $this->http->setTimeout(30);
        $this->http->get($url);
        $status = (int) $this->http->getStatus();
        $body = (string) $this->http->getBody();
        if ($status !== 200 || $body === '') {
            throw new InputException(__('The image could not be downloaded from %1 (HTTP %2).', $url, $status));
        }
        if (strlen($body) > self::MAX_BYTES) {
            throw new InputException(__('The image at %1 is larger than 20 MB.', $url));
        }
        $type = $this->contentType();
        if (!in_array($type, self::TYPES, true)) {
            throw new InputException(__('The image at %1 is of type "%2"; Magento takes JPEG, PNG and GIF.', $url, $type));
        }
        $content = $this->contents->create();
        $content->setBase64EncodedData(base64_encode($body));
        $content->setType($type);
        $content->setName($name);
        $entry->setContent($content);
        return (int) $this->gallery->create($sku, $entry);
    }

    private function contentType(): string
    {
        foreach ($this->http->getHeaders() as $header => $value) {
            if (strtolower((string) $header) === 'content-type') {
                return strtolower(trim(explode(';', is_array($value) ? (string) reset($value) : (string) $value)[0]));
            }
        }
        return '';
    }
}
